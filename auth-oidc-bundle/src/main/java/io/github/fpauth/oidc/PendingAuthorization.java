package io.github.fpauth.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * A sign-in on its way through the provider, kept by the browser that started it: the
 * {@code state} the callback must bring back, the {@code nonce} the ID token must carry, the PKCE
 * code verifier, and where to go afterwards. In a cookie, not in this node's memory, so that the
 * callback may land on any node; the values are random, so a cookie someone else made gets them
 * nothing: the provider's code is bound to the verifier (PKCE), the token to the nonce.
 *
 * <p>The cookie is HttpOnly, limited to the provider's path, {@code SameSite=Lax} (the callback is
 * a top-level navigation from the provider), Secure on HTTPS, and lives {@value #LIFETIME_SECONDS}
 * seconds. The callback drops it before anything else, so it serves once.
 */
final class PendingAuthorization {

    static final long LIFETIME_SECONDS = 600;
    private static final String VERSION = "v1";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    final State state;
    final Nonce nonce;
    final CodeVerifier verifier;
    final String next;
    final long expiresEpochSeconds;

    private PendingAuthorization(State state, Nonce nonce, CodeVerifier verifier, String next,
            long expiresEpochSeconds) {
        this.state = state;
        this.nonce = nonce;
        this.verifier = verifier;
        this.next = next;
        this.expiresEpochSeconds = expiresEpochSeconds;
    }

    /** Fresh random values (Nimbus: 256-bit state, nonce and verifier from a SecureRandom). */
    static PendingAuthorization start(String next, long nowEpochSeconds) {
        return new PendingAuthorization(new State(), new Nonce(), new CodeVerifier(), next,
                nowEpochSeconds + LIFETIME_SECONDS);
    }

    static String cookieName(OidcSettings settings) {
        return "FPAUTH_OIDC_" + settings.name.replace('-', '_');
    }

    void set(HttpServletRequest request, HttpServletResponse response, OidcSettings settings) {
        String value = String.join(".", VERSION, state.getValue(), nonce.getValue(), verifier.getValue(),
                Long.toString(expiresEpochSeconds),
                Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        response.addHeader("Set-Cookie", header(request, settings, value, LIFETIME_SECONDS));
    }

    static void clear(HttpServletRequest request, HttpServletResponse response, OidcSettings settings) {
        response.addHeader("Set-Cookie", header(request, settings, "", 0));
    }

    private static String header(HttpServletRequest request, OidcSettings settings, String value, long maxAge) {
        return cookieName(settings) + "=" + value + "; Path=" + settings.startPath() + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (request.isSecure() ? "; Secure" : "");
    }

    /**
     * The browser's pending sign-in, when it holds exactly one well-formed, unexpired cookie of this
     * provider; empty otherwise (several cookies of the name: someone planted one, so none is believed).
     */
    static Optional<PendingAuthorization> read(HttpServletRequest request, OidcSettings settings,
            long nowEpochSeconds) {
        Cookie[] cookies = request.getCookies();
        String found = null;
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(cookieName(settings))) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = cookie.getValue();
                }
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        List<String> parts = List.of(found.split("\\.", -1));
        if (parts.size() != 6 || !VERSION.equals(parts.get(0)) || !TOKEN.matcher(parts.get(1)).matches()
                || !TOKEN.matcher(parts.get(2)).matches() || !parts.get(3).matches("[A-Za-z0-9._~-]{43,128}")
                || !parts.get(4).matches("[0-9]{1,12}")) {
            return Optional.empty();
        }
        long expires = Long.parseLong(parts.get(4));
        if (expires < nowEpochSeconds) {
            return Optional.empty();
        }
        String next;
        try {
            next = new String(Base64.getUrlDecoder().decode(parts.get(5)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new PendingAuthorization(new State(parts.get(1)), new Nonce(parts.get(2)),
                new CodeVerifier(parts.get(3)), next, expires));
    }

    /** Whether the callback's {@code state} is this one; in constant time. */
    boolean matches(String returnedState) {
        return returnedState != null && MessageDigest.isEqual(state.getValue().getBytes(StandardCharsets.UTF_8),
                returnedState.getBytes(StandardCharsets.UTF_8));
    }
}
