package io.github.fpauth.user.web;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.login.LoginProvider;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.external.LoginProviders;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.reset.ForgottenPasswords;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.Verdict;
import io.github.fpauth.user.totp.PendingSignIns;
import io.github.fpauth.user.totp.SecondFactors;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /login}: the login form (GET) and the login itself (POST, CSRF-checked).
 *
 * <p>A successful login always starts a new session with a new secret and ends the one the
 * browser came with (no session fixation), then sends the browser (303) to {@code next} when
 * that is a path of this site ({@link SafeRedirect}), else to {@code /}. A failed one shows the
 * same message whether or not the user exists, after the same single password hash. An account
 * that needs a second factor gets no session here: the browser goes on to the code or enrolment
 * page ({@link SecondStepServlet}) with a half-signed-in cookie.
 *
 * <p>Failures count against the claimed account and the client address like any other secret
 * ({@link Throttle}): once throttled, the form answers 429 with {@code Retry-After} without
 * checking the password at all. While password hashing is over its share of CPU time, the form
 * answers 503 with {@code Retry-After}, counting neither a failure nor a success. So does it while
 * a shared store is unreachable: no password is checked against records that may be stale.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(BrowserLogin.LOGIN_PATH)
@HttpWhiteboardServletName("fpauth login")
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);

    static final String FAILED = "Invalid user name or password.";
    static final String FORM_EXPIRED = "The form has expired. Please try again.";
    static final int TOO_MANY_REQUESTS = 429;
    static final String UNAVAILABLE = "Signing in is not available right now. Please try again in a moment.";
    /** The query after a completed password reset: the form says so. */
    static final String RESET_DONE = "reset=done";

    private final transient UserDirectory directory;
    private final transient SessionStore sessions;
    private final transient SessionAuthenticator authenticator;
    private final transient CsrfTokens csrf;
    private final transient Cookies cookies;
    private final transient Throttle throttle;
    private final transient SharedStoreTracker storage;
    private final transient SecondFactors secondFactors;
    private final transient SignInCompletion signIn;
    private final transient ForgottenPasswords forgotten;
    private final transient LoginProviders providers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public LoginServlet(@Reference UserDirectory directory, @Reference SessionStore sessions,
            @Reference SessionAuthenticator authenticator, @Reference CsrfTokens csrf, @Reference Cookies cookies,
            @Reference Throttle throttle, @Reference SharedStoreTracker storage, @Reference SecondFactors secondFactors,
            @Reference ForgottenPasswords forgotten, @Reference LoginProviders providers) {
        this.directory = directory;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.cookies = cookies;
        this.throttle = throttle;
        this.storage = storage;
        this.secondFactors = secondFactors;
        this.signIn = new SignInCompletion(sessions, authenticator, cookies);
        this.forgotten = forgotten;
        this.providers = providers;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!FormFields.refuseUnparsable(request, response)) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, HttpServletResponse.SC_OK, "", null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = Pages.param(request, "username");
        if (!csrf.isValid(request)) {
            LOG.info("Refused a login from {}: missing or wrong CSRF token", request.getRemoteAddr());
            form(request, response, HttpServletResponse.SC_FORBIDDEN, username, FORM_EXPIRED);
            return;
        }
        if (!storage.isAvailable()) {
            LOG.info("Refused a login from {}: the shared store is unavailable", request.getRemoteAddr());
            retryLater(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, username,
                    UserAuthManager.UNAVAILABLE_RETRY_SECONDS, UNAVAILABLE);
            return;
        }
        String password = Pages.param(request, "password");
        boolean rememberMe = !Pages.param(request, "remember").isEmpty();
        String address = request.getRemoteAddr();
        Verdict verdict = throttle.check(username, address);
        if (!verdict.isAllowed()) {
            // Refused before any hash: a throttled guesser learns nothing and costs nothing.
            retryLater(request, response, TOO_MANY_REQUESTS, username, verdict.retryAfterSeconds(),
                    "Too many failed attempts. Try again in " + verdict.retryAfterSeconds() + " seconds.");
            return;
        }
        Optional<User> verified;
        try {
            // One full password hash whether the user exists or not (see UserDirectory.verifyPassword).
            verified = directory.verifyPassword(username, password);
        } catch (HashingBusyException e) {
            // Not checked: neither a failure nor a success of the account.
            LOG.info("Refused a login from {}: password hashing is busy", address);
            retryLater(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, username, e.retryAfterSeconds(),
                    e.getMessage());
            return;
        }
        if (verified.isEmpty()) {
            throttle.recordFailure(username, address);
            LOG.info("Failed login from {}", address);
            form(request, response, HttpServletResponse.SC_OK, username, FAILED);
            return;
        }
        User user = verified.get();
        upgradeHash(user, password);
        if (!Cookies.values(request, ExternalSignInService.PROVIDER_COOKIE).isEmpty()) {
            cookies.clear(request, response, ExternalSignInService.PROVIDER_COOKIE); // signed in here, not there
        }
        if (secondFactors.isRequired(user)) {
            secondStep(request, response, user.name(), rememberMe);
            return;
        }
        throttle.recordSuccess(username, address);
        signIn.startAndRedirect(request, response, user, rememberMe);
    }

    /**
     * The password was right and the account needs a second factor: no session yet, only the
     * half-signed-in cookie, and the code (or enrolment) page. No success is recorded in the
     * throttle: the password must not reset the failures of the codes.
     */
    private void secondStep(HttpServletRequest request, HttpServletResponse response, String name, boolean rememberMe)
            throws IOException {
        PendingSignIns pending = secondFactors.pendingSignIns();
        User user = directory.find(name); // as now stored: the hash upgrade may have changed it
        if (pending == null || user == null) {
            LOG.error("Refused a login of user '{}' from {}: two-factor sign-in is unavailable ({})", name,
                    request.getRemoteAddr(), secondFactors.problem());
            retryLater(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, name,
                    UserAuthManager.UNAVAILABLE_RETRY_SECONDS, UNAVAILABLE);
            return;
        }
        signIn.toSecondStep(request, response, pending, user, rememberMe, request.getParameter("next"));
    }

    private void upgradeHash(User user, String password) {
        try {
            directory.rehashIfNeeded(user, password);
        } catch (RuntimeException e) {
            // The login is valid with the old hash: the upgrade waits for the next one.
            LOG.warn("Could not upgrade the password hash of user '{}': {}", user.name(), e.getMessage());
        }
    }

    private void retryLater(HttpServletRequest request, HttpServletResponse response, int status, String username,
            long retryAfterSeconds, String error) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        form(request, response, status, username, error);
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String username,
            String error) throws IOException {
        String next = SafeRedirect.target(request.getParameter("next"));
        String token = csrf.token(request, response); // may set a cookie: before the body
        StringBuilder body = new StringBuilder(1024);
        AuthUser current = CurrentUser.get(request);
        if (current.isAuthenticated()) {
            body.append("<p id=\"signed-in\">You are signed in as ").append(PageLayout.escape(current.displayName()))
                    .append(". Signing in again replaces this session.</p>\n");
        }
        if (error != null) {
            body.append(Pages.message("error", error)).append('\n');
        } else if ("done".equals(request.getParameter("reset"))) {
            body.append(Pages.message("notice", "Your password has been reset. Sign in with it.")).append('\n');
        }
        body.append("<form id=\"login-form\" method=\"post\" action=\"").append(BrowserLogin.LOGIN_PATH).append("\">\n")
                .append("<input type=\"hidden\" name=\"").append(CsrfTokens.FIELD).append("\" value=\"")
                .append(PageLayout.escape(token)).append("\">\n")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(PageLayout.escape(next)).append("\">\n")
                .append("<p><label for=\"username\">User name</label><br>")
                .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"64\" value=\"")
                .append(PageLayout.escape(username)).append("\"></p>\n")
                .append("<p><label for=\"password\">Password</label><br>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" ")
                .append("required maxlength=\"1024\"></p>\n")
                .append("<p><label><input id=\"remember\" name=\"remember\" type=\"checkbox\" value=\"on\"> ")
                .append("Remember me</label></p>\n")
                .append("<p><button id=\"login-submit\" type=\"submit\">Log in</button></p>\n</form>");
        List<LoginProvider> others = providers.all();
        if (!others.isEmpty()) {
            body.append("\n<ul id=\"login-providers\">");
            for (LoginProvider provider : others) {
                body.append("\n<li><a class=\"login-provider\" id=\"login-with-").append(provider.name())
                        .append("\" href=\"").append(PageLayout.escape(provider.startPath(next)))
                        .append("\">Sign in with ").append(PageLayout.escape(provider.label())).append("</a></li>");
            }
            body.append("\n</ul>");
        }
        if (forgotten.isAvailable()) {
            body.append("\n<p><a id=\"forgot-link\" href=\"").append(ForgotPasswordServlet.PATH)
                    .append("\">Forgot password?</a></p>");
        }
        response.setStatus(status);
        Pages.render(layout, request, response, "Log in", body.toString());
    }
}
