package io.github.fpauth.user.web;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.Session;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.totp.PendingSignIns;

/**
 * The end of every sign-in (password alone, or password and second factor): a new session with
 * a new secret, the browser's previous session ended (no session fixation), the half-signed-in
 * cookie dropped.
 */
final class SignInCompletion {

    /** The cookie of the half-signed-in state between the password and the second step. */
    static final String PENDING_COOKIE = "FPAUTH_SIGNIN";

    private static final Logger LOG = LoggerFactory.getLogger(SignInCompletion.class);

    private final SessionStore sessions;
    private final SessionAuthenticator authenticator;
    private final Cookies cookies;

    SignInCompletion(SessionStore sessions, SessionAuthenticator authenticator, Cookies cookies) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.cookies = cookies;
    }

    /**
     * Starts the session and sets its cookie; the caller then answers (redirect or page).
     *
     * @return whether it started; when not, it answered 503 itself
     */
    boolean start(HttpServletRequest request, HttpServletResponse response, User user, boolean rememberMe)
            throws java.io.IOException {
        NewSession started;
        try {
            started = sessions.create(user.name(), rememberMe, request.getRemoteAddr(), request.getHeader("User-Agent"));
        } catch (UserStoreException e) {
            LOG.error("Could not start a session for user '{}': {}", user.name(), e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Cannot log in right now");
            return false;
        }
        // The browser's previous session, if any, ends here: a login never keeps a session id.
        Optional<Session> previous = authenticator.current(request);
        previous.ifPresent(s -> sessions.revoke(s.user(), s.publicId()));
        if (!Cookies.values(request, PENDING_COOKIE).isEmpty()) {
            cookies.clear(request, response, PENDING_COOKIE);
        }
        cookies.set(request, response, Cookies.SESSION, started.secret(), started.cookieMaxAgeSeconds());
        response.setHeader("Cache-Control", "no-store");
        return true;
    }

    /**
     * The first factor is done and the account needs its second: no session yet, only the
     * half-signed-in cookie, and the browser is sent to the code (or enrolment) page.
     */
    void toSecondStep(HttpServletRequest request, HttpServletResponse response, PendingSignIns pending, User user,
            boolean rememberMe, String next) {
        PendingSignIns.Step step = user.hasSecondFactor() ? PendingSignIns.Step.CODE : PendingSignIns.Step.ENROL;
        cookies.set(request, response, PENDING_COOKIE, pending.issue(user, step, rememberMe), pending.lifetimeSeconds());
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", SecondStepServlet.location(step, next));
    }

    /** Starts the session and sends the browser (303) to {@code next}, when a path of this site, else to {@code /}. */
    void startAndRedirect(HttpServletRequest request, HttpServletResponse response, User user, boolean rememberMe)
            throws java.io.IOException {
        if (start(request, response, user, rememberMe)) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", SafeRedirect.target(request.getParameter("next")));
        }
    }
}
