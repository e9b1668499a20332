package io.github.fpauth.user.session;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.store.User;

/**
 * Authenticates a request by its session cookie: one SHA-256 and one map lookup, no password
 * hash, no lock. The session's user is read from the directory's current snapshot on every
 * request, so a removed or disabled user is anonymous at once.
 *
 * <p>{@link #authenticate} writes nothing to the request: in the server a first request attribute
 * allocates a map and notifies listeners, on every authenticated request. The pages, rare, find
 * the session again ({@link #current}); for them this is also a service private to this bundle.
 *
 * <p>An unknown, expired or revoked cookie is "no credentials", not a failed login: a browser
 * that kept an old cookie is simply anonymous.
 */
@Component(service = SessionAuthenticator.class)
public final class SessionAuthenticator {

    /** Request attribute keeping what {@link #current} found, written by it alone. */
    private static final String CURRENT_ATTRIBUTE = SessionAuthenticator.class.getName() + ".current";
    /** Kept in {@link #CURRENT_ATTRIBUTE} when the request has no session. */
    private static final Object NO_SESSION = new Object();

    private final SessionStore sessions;
    private final UserDirectory directory;

    @Activate
    public SessionAuthenticator(@Reference SessionStore sessions, @Reference UserDirectory directory) {
        this.sessions = sessions;
        this.directory = directory;
    }

    public AuthResult authenticate(HttpServletRequest request) {
        for (String value : Cookies.values(request, Cookies.SESSION)) {
            Optional<Session> session = sessions.resolve(value);
            User user = session.isPresent() ? enabledUser(session.get()) : null;
            if (user != null) {
                return user.authenticated();
            }
        }
        return AuthResult.noCredentials();
    }

    /**
     * The session that authenticated this request, if one did: {@value UserAuthManager#NAME} was
     * its manager, it carries no {@code Authorization} header (the manager reads that instead of
     * the cookie), and one of its session cookies resolves as in {@link #authenticate}.
     *
     * <p>Found on the first call, then kept in a request attribute: every later call on this
     * request gives the same answer, even once the page has revoked the session.
     */
    public Optional<Session> current(HttpServletRequest request) {
        Object kept = request.getAttribute(CURRENT_ATTRIBUTE);
        if (kept == NO_SESSION) {
            return Optional.empty();
        }
        if (kept instanceof Session) {
            return Optional.of((Session) kept);
        }
        Optional<Session> found = find(request);
        request.setAttribute(CURRENT_ATTRIBUTE, found.isPresent() ? found.get() : NO_SESSION);
        return found;
    }

    private Optional<Session> find(HttpServletRequest request) {
        // Another manager, or none (authentication off), never asked this bundle about the cookie.
        if (!UserAuthManager.NAME.equals(CurrentUser.managerName(request).orElse(null))
                || request.getHeader("Authorization") != null) {
            return Optional.empty();
        }
        for (String value : Cookies.values(request, Cookies.SESSION)) {
            Optional<Session> session = sessions.resolve(value);
            if (session.isPresent() && enabledUser(session.get()) != null) {
                return session;
            }
        }
        return Optional.empty();
    }

    /** The session's user if it still exists and is enabled, else {@code null}. */
    private User enabledUser(Session session) {
        User user = directory.find(session.user());
        return user == null || !user.isEnabled() ? null : user;
    }

    /** The request carries a session cookie, valid or not. */
    public static boolean hasSessionCookie(HttpServletRequest request) {
        return !Cookies.values(request, Cookies.SESSION).isEmpty();
    }
}
