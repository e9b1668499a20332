package io.github.fpauth.user.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.Verdict;
import io.github.fpauth.user.totp.PendingSignIns;
import io.github.fpauth.user.totp.PendingSignIns.Pending;
import io.github.fpauth.user.totp.SecondFactors;
import io.github.fpauth.user.totp.SecondFactors.SecondFactorException;
import io.github.fpauth.user.web.form.FormFields;

/**
 * The second step of a sign-in, after a correct password ({@link LoginServlet}), on any node:
 * <ul>
 * <li>{@code /login/code}: the code from the authenticator app, or a recovery code.</li>
 * <li>{@code /login/enrol}: an account that must have a second factor and has none enrols here
 * first; the recovery codes are shown once, with the session already started.</li>
 * </ul>
 * Both need the half-signed-in cookie of that browser ({@link PendingSignIns}); without a valid
 * one the browser goes back to the login page. Posts are CSRF-checked; wrong codes count as
 * failed logins of the account and the address ({@link Throttle}), and a throttled account gets
 * 429 before any code is checked.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({SecondStepServlet.CODE_PATH, SecondStepServlet.ENROL_PATH})
@HttpWhiteboardServletName("fpauth login second step")
public class SecondStepServlet extends HttpServlet {

    static final String CODE_PATH = BrowserLogin.LOGIN_PATH + "/code";
    static final String ENROL_PATH = BrowserLogin.LOGIN_PATH + "/enrol";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SecondStepServlet.class);

    private final transient UserDirectory directory;
    private final transient CsrfTokens csrf;
    private final transient Cookies cookies;
    private final transient Throttle throttle;
    private final transient SharedStoreTracker storage;
    private final transient SecondFactors secondFactors;
    private final transient SignInCompletion signIn;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public SecondStepServlet(@Reference UserDirectory directory, @Reference SessionStore sessions,
            @Reference SessionAuthenticator authenticator, @Reference CsrfTokens csrf, @Reference Cookies cookies,
            @Reference Throttle throttle, @Reference SharedStoreTracker storage, @Reference SecondFactors secondFactors) {
        this.directory = directory;
        this.csrf = csrf;
        this.cookies = cookies;
        this.throttle = throttle;
        this.storage = storage;
        this.secondFactors = secondFactors;
        this.signIn = new SignInCompletion(sessions, authenticator, cookies);
    }

    /** Where the login page sends the browser for {@code step}, keeping {@code next}. */
    static String location(PendingSignIns.Step step, String next) {
        String path = step == PendingSignIns.Step.CODE ? CODE_PATH : ENROL_PATH;
        return path + "?next=" + URLEncoder.encode(SafeRedirect.target(next), StandardCharsets.UTF_8);
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
        Optional<Pending> pending = pending(request, response);
        if (pending.isEmpty()) {
            return;
        }
        if (pending.get().step() == PendingSignIns.Step.CODE) {
            codePage(request, response, HttpServletResponse.SC_OK, null);
            return;
        }
        SecondFactors.Offer offer;
        try {
            offer = secondFactors.offer(pending.get().user());
        } catch (SecondFactorException e) {
            unavailable(request, response, e);
            return;
        }
        enrolPage(request, response, HttpServletResponse.SC_OK, offer, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!csrf.isValid(request)) {
            LOG.info("Refused a second sign-in step from {}: missing or wrong CSRF token", request.getRemoteAddr());
            toLogin(request, response);
            return;
        }
        if (!storage.isAvailable()) {
            LOG.info("Refused a second sign-in step from {}: the shared store is unavailable", request.getRemoteAddr());
            response.setHeader("Retry-After", Long.toString(UserAuthManager.UNAVAILABLE_RETRY_SECONDS));
            codePage(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, LoginServlet.UNAVAILABLE);
            return;
        }
        Optional<Pending> found = pending(request, response);
        if (found.isEmpty()) {
            return;
        }
        Pending pending = found.get();
        String name = pending.user().name();
        String address = request.getRemoteAddr();
        Verdict verdict = throttle.check(name, address);
        if (!verdict.isAllowed()) {
            response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
            String error = "Too many failed attempts. Try again in " + verdict.retryAfterSeconds() + " seconds.";
            if (pending.step() == PendingSignIns.Step.CODE) {
                codePage(request, response, LoginServlet.TOO_MANY_REQUESTS, error);
            } else {
                enrolAgain(request, response, pending, LoginServlet.TOO_MANY_REQUESTS, error);
            }
            return;
        }
        String code = Pages.param(request, "code");
        try {
            if (pending.step() == PendingSignIns.Step.CODE) {
                signInWithCode(request, response, pending, code);
            } else {
                enrolAndSignIn(request, response, pending, code);
            }
        } catch (IllegalArgumentException e) {
            // The account was removed between the pending sign-in's check and the code's: sign in again.
            LOG.info("Refused a second sign-in step of user '{}' from {}: {}", name, address, e.getMessage());
            toLogin(request, response);
        } catch (UserStoreException e) {
            LOG.error("Could not check a code of user '{}': {}", name, e.getMessage());
            response.setHeader("Retry-After", Long.toString(UserAuthManager.UNAVAILABLE_RETRY_SECONDS));
            codePage(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, LoginServlet.UNAVAILABLE);
        }
    }

    private void signInWithCode(HttpServletRequest request, HttpServletResponse response, Pending pending, String code)
            throws IOException {
        String name = pending.user().name();
        boolean accepted;
        try {
            accepted = secondFactors.useCode(name, code);
        } catch (SecondFactorException e) {
            unavailable(request, response, e);
            return;
        }
        if (!accepted) {
            throttle.recordFailure(name, request.getRemoteAddr());
            LOG.info("Failed second sign-in step of user '{}' from {}: wrong code", name, request.getRemoteAddr());
            codePage(request, response, HttpServletResponse.SC_OK, SecondFactors.WRONG_CODE);
            return;
        }
        throttle.recordSuccess(name, request.getRemoteAddr());
        User user = directory.find(name);
        if (user == null || !user.isEnabled()) {
            toLogin(request, response); // removed or disabled meanwhile
            return;
        }
        signIn.startAndRedirect(request, response, user, pending.rememberMe());
    }

    private void enrolAndSignIn(HttpServletRequest request, HttpServletResponse response, Pending pending, String code)
            throws IOException {
        String name = pending.user().name();
        List<String> recoveryCodes;
        try {
            recoveryCodes = secondFactors.enrol(name, Pages.param(request, "offer"), code);
        } catch (SecondFactorException e) {
            if (!secondFactors.isAvailable()) {
                unavailable(request, response, e);
                return;
            }
            throttle.recordFailure(name, request.getRemoteAddr());
            LOG.info("Failed enrolment at sign-in of user '{}' from {}: {}", name, request.getRemoteAddr(),
                    e.getMessage());
            enrolAgain(request, response, pending, HttpServletResponse.SC_OK, e.getMessage());
            return;
        }
        throttle.recordSuccess(name, request.getRemoteAddr());
        User user = directory.find(name);
        if (user == null || !user.isEnabled()) {
            toLogin(request, response);
            return;
        }
        if (!signIn.start(request, response, user, pending.rememberMe())) {
            return;
        }
        String next = SafeRedirect.target(request.getParameter("next"));
        String body = Pages.message("notice", "Two-factor sign-in is on. You are signed in.") + "\n"
                + TwoFactorForms.recoveryCodes(recoveryCodes) + "\n<p><a id=\"continue\" href=\""
                + PageLayout.escape(next) + "\">Continue</a></p>";
        response.setStatus(HttpServletResponse.SC_OK);
        Pages.render(layout, request, response, "Two-factor sign-in", body);
    }

    /** The enrolment page again with the same offer (the app has scanned it), or a new one if it expired. */
    private void enrolAgain(HttpServletRequest request, HttpServletResponse response, Pending pending, int status,
            String error) throws IOException {
        SecondFactors.Offer offer;
        try {
            offer = secondFactors.reopen(pending.user(), Pages.param(request, "offer"))
                    .orElseGet(() -> secondFactors.offer(pending.user()));
        } catch (SecondFactorException e) {
            unavailable(request, response, e);
            return;
        }
        enrolPage(request, response, status, offer, error);
    }

    /** The verified pending sign-in of this browser; else it sent the browser to the login page. */
    private Optional<Pending> pending(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PendingSignIns pendingSignIns = secondFactors.pendingSignIns();
        List<String> tokens = Cookies.values(request, SignInCompletion.PENDING_COOKIE);
        Optional<Pending> pending = Optional.empty();
        if (pendingSignIns != null) {
            for (String token : tokens) {
                pending = pendingSignIns.verify(token, directory::find);
                if (pending.isPresent()) {
                    break;
                }
            }
        }
        boolean rightPage = pending.isPresent() && (pending.get().step() == PendingSignIns.Step.CODE
                ? CODE_PATH : ENROL_PATH).equals(request.getServletPath());
        if (!rightPage) {
            if (!tokens.isEmpty()) {
                LOG.info("A second sign-in step from {} without a valid pending sign-in", request.getRemoteAddr());
            }
            toLogin(request, response);
            return Optional.empty();
        }
        return pending;
    }

    private void toLogin(HttpServletRequest request, HttpServletResponse response) {
        if (!Cookies.values(request, SignInCompletion.PENDING_COOKIE).isEmpty()) {
            cookies.clear(request, response, SignInCompletion.PENDING_COOKIE);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", BrowserLogin.LOGIN_PATH + "?next="
                + URLEncoder.encode(SafeRedirect.target(request.getParameter("next")), StandardCharsets.UTF_8));
    }

    private void unavailable(HttpServletRequest request, HttpServletResponse response, SecondFactorException e)
            throws IOException {
        LOG.error("Refused a second sign-in step from {}: {} ({})", request.getRemoteAddr(), e.getMessage(),
                secondFactors.problem());
        response.setHeader("Retry-After", Long.toString(UserAuthManager.UNAVAILABLE_RETRY_SECONDS));
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        Pages.render(layout, request, response, "Two-factor sign-in",
                Pages.message("error", LoginServlet.UNAVAILABLE));
    }

    private String hiddenFields(HttpServletRequest request, HttpServletResponse response) {
        return csrf.hiddenField(request, response) + "<input type=\"hidden\" name=\"next\" value=\""
                + PageLayout.escape(SafeRedirect.target(request.getParameter("next"))) + "\">";
    }

    private void codePage(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        String fields = hiddenFields(request, response); // may set a cookie: before the body
        StringBuilder body = new StringBuilder(1024);
        if (error != null) {
            body.append(Pages.message("error", error)).append('\n');
        }
        body.append("<form id=\"code-form\" method=\"post\" action=\"").append(CODE_PATH).append("\">").append(fields)
                .append(TwoFactorForms.codeInput("code", "Code from your authenticator app", true))
                .append("<p><button id=\"code-submit\" type=\"submit\">Sign in</button></p></form>\n")
                .append("<p>Lost your authenticator? Type one of your recovery codes instead.</p>\n")
                .append("<p><a href=\"").append(BrowserLogin.LOGIN_PATH).append("\">Start again</a></p>");
        response.setStatus(status);
        Pages.render(layout, request, response, "Two-factor sign-in", body.toString());
    }

    private void enrolPage(HttpServletRequest request, HttpServletResponse response, int status,
            SecondFactors.Offer offer, String error) throws IOException {
        String fields = hiddenFields(request, response);
        StringBuilder body = new StringBuilder(8192);
        if (error != null) {
            body.append(Pages.message("error", error)).append('\n');
        }
        body.append("<p>Your account must use two-factor sign-in. Set it up to continue.</p>\n")
                .append(TwoFactorForms.enrolment(offer, ENROL_PATH, fields));
        response.setStatus(status);
        Pages.render(layout, request, response, "Set up two-factor sign-in", body.toString());
    }
}
