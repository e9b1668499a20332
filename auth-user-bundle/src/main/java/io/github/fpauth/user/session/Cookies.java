package io.github.fpauth.user.session;

import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

import io.github.fpauth.user.UserConfig;

/**
 * The cookies of auth-user, written by hand because the servlet API before 6 has no
 * {@code SameSite}: always {@code Path=/; HttpOnly; SameSite=Lax}, {@code Secure} on HTTPS
 * requests or when configured always ({@code cookieAlwaysSecure}).
 *
 * <p>A service of its own so that the pages need no configuration: a configuration change would
 * change their service properties, and the whiteboard would briefly unregister them.
 */
@Component(service = Cookies.class, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Cookies {

    /** The session cookie. */
    public static final String SESSION = "FPAUTH_SESSION";

    private volatile boolean alwaysSecure;

    public Cookies(boolean alwaysSecure) {
        this.alwaysSecure = alwaysSecure;
    }

    @Activate
    public Cookies(UserConfig config) {
        this(config.cookieAlwaysSecure());
    }

    @Modified
    void modified(UserConfig config) {
        alwaysSecure = config.cookieAlwaysSecure();
    }

    /** Every value the request carries for cookie {@code name}, in order (a browser may send several). */
    public static List<String> values(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return List.of();
        }
        // A list is built only for a second value: a browser nearly always sends one.
        String first = null;
        List<String> values = null;
        for (Cookie cookie : cookies) {
            String value = cookie.getValue();
            if (!name.equals(cookie.getName()) || value == null) {
                continue;
            }
            if (first == null) {
                first = value;
            } else {
                if (values == null) {
                    values = new ArrayList<>(2);
                    values.add(first);
                }
                values.add(value);
            }
        }
        return values != null ? values : first != null ? List.of(first) : List.of();
    }

    /**
     * Sets cookie {@code name}; {@code value} must be a token (base64url here).
     *
     * @param maxAgeSeconds {@code -1}: until the browser closes
     */
    public void set(HttpServletRequest request, HttpServletResponse response, String name, String value,
            long maxAgeSeconds) {
        response.addHeader("Set-Cookie", header(name, value, maxAgeSeconds, secure(request)));
    }

    /** Tells the browser to drop cookie {@code name}. */
    public void clear(HttpServletRequest request, HttpServletResponse response, String name) {
        response.addHeader("Set-Cookie", header(name, "", 0, secure(request)));
    }

    boolean secure(HttpServletRequest request) {
        return alwaysSecure || request.isSecure();
    }

    static String header(String name, String value, long maxAgeSeconds, boolean secure) {
        StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Path=/");
        if (maxAgeSeconds >= 0) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        header.append("; HttpOnly; SameSite=Lax");
        if (secure) {
            header.append("; Secure");
        }
        return header.toString();
    }
}
