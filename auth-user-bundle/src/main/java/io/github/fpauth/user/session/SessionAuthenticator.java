package io.github.fpauth.user.session;

import java.util.Optional;

import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.store.User;

/**
 * Authenticates a request by its session cookie: one SHA-256 and one map lookup, no password
 * hash, no lock. The session's user is read from the directory's current snapshot on every
 * request, so a removed or disabled user is anonymous at once. The session found is left in a
 * request attribute for this bundle's pages ({@link #current}).
 *
 * <p>An unknown, expired or revoked cookie is "no credentials", not a failed login: a browser
 * that kept an old cookie is simply anonymous.
 */
public final class SessionAuthenticator {

    /** Request attribute holding the request's {@link Session}, set only by this class. */
    public static final String SESSION_ATTRIBUTE = "io.github.fpauth.user.session";

    private final SessionStore sessions;
    private final UserDirectory directory;

    public SessionAuthenticator(SessionStore sessions, UserDirectory directory) {
        this.sessions = sessions;
        this.directory = directory;
    }

    public AuthResult authenticate(HttpServletRequest request) {
        for (String value : Cookies.values(request, Cookies.SESSION)) {
            Optional<Session> session = sessions.resolve(value);
            if (session.isEmpty()) {
                continue;
            }
            User user = directory.find(session.get().user());
            if (user == null || !user.isEnabled()) {
                continue;
            }
            request.setAttribute(SESSION_ATTRIBUTE, session.get());
            return user.authenticated();
        }
        return AuthResult.noCredentials();
    }

    /** The session that authenticated this request, if one did. */
    public static Optional<Session> current(ServletRequest request) {
        Object session = request.getAttribute(SESSION_ATTRIBUTE);
        return session instanceof Session ? Optional.of((Session) session) : Optional.empty();
    }

    /** The request carries a session cookie, valid or not. */
    public static boolean hasSessionCookie(HttpServletRequest request) {
        return !Cookies.values(request, Cookies.SESSION).isEmpty();
    }
}
