package io.github.fpauth.user.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.ui.MenuEntry;
import io.github.fpauth.user.csrf.CsrfTokens;

/**
 * What auth-user offers browsers: the login page for unauthenticated page requests, and the
 * user menu entries. API clients (no {@code text/html} in {@code Accept}, or an
 * {@code Authorization} header) are left to the HTTP Basic challenge.
 */
public final class BrowserLogin {

    public static final String LOGIN_PATH = "/login";
    public static final String LOGOUT_PATH = "/logout";
    public static final String PROFILE_PATH = "/profile";

    /**
     * What the JDK's {@code HttpURLConnection} sends when the caller sets no {@code Accept} (JDK 17+,
     * and before): a library default naming text/html, sent by many Java API clients that never
     * render a page.
     */
    static final Set<String> JDK_DEFAULT_ACCEPTS = Set.of("text/html, image/gif, image/jpeg, */*; q=0.2",
            "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");

    private final Cookies cookies;
    private final SessionAuthenticator sessions;

    public BrowserLogin(Cookies cookies, SessionAuthenticator sessions) {
        this.cookies = cookies;
        this.sessions = sessions;
    }

    /** A browser asking for a page, which a login page helps, rather than an API client. */
    public static boolean isBrowserPageRequest(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null) {
            return false; // a client that sends credentials itself wants the challenge
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")
                && !JDK_DEFAULT_ACCEPTS.contains(accept.trim());
    }

    /**
     * Answers an unauthenticated request to a protected route: browsers are sent (303) to the
     * login page with the original path and query as {@code next}; a stale session cookie is
     * dropped either way.
     *
     * @return whether it answered (otherwise the caller sends the Basic challenge)
     */
    public boolean answer(HttpServletRequest request, HttpServletResponse response) {
        if (SessionAuthenticator.hasSessionCookie(request) && sessions.current(request).isEmpty()) {
            cookies.clear(request, response, Cookies.SESSION);
        }
        if (!isBrowserPageRequest(request)) {
            return false;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", loginLocation(request));
        response.setHeader("Cache-Control", "no-store");
        return true;
    }

    static String loginLocation(HttpServletRequest request) {
        String target = request.getRequestURI();
        if (request.getQueryString() != null) {
            target += "?" + request.getQueryString();
        }
        return LOGIN_PATH + "?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    public Optional<String> loginPath() {
        return Optional.of(LOGIN_PATH);
    }

    /** "Profile", and "Log out" (a CSRF-protected POST) for a session; Basic users cannot log out. */
    public List<MenuEntry> menuEntries(HttpServletRequest request) {
        List<MenuEntry> entries = new ArrayList<>(2);
        entries.add(MenuEntry.link("Profile", PROFILE_PATH));
        Optional<Session> session = sessions.current(request);
        if (session.isPresent()) {
            entries.add(MenuEntry.postButton("Log out", LOGOUT_PATH, Map.of(CsrfTokens.FIELD, session.get().csrfToken())));
        }
        return entries;
    }
}
