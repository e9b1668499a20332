package io.github.fpauth.user.web;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
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
import io.github.fpauth.api.route.RequireAuthentication;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.Verdict;
import io.github.fpauth.user.totp.SecondFactors;
import io.github.fpauth.user.totp.SecondFactors.SecondFactorException;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /profile/two-factor} (requires authentication): the user's own second factor.
 * <ul>
 * <li>{@code POST .../start}: a new authenticator to scan; {@code POST .../enrol} ({@code offer},
 * {@code code}) turns it on once a code from the app confirms it, and shows the recovery codes
 * once.</li>
 * <li>{@code POST .../recovery-codes} ({@code code}): ten new recovery codes, the old ones end.</li>
 * <li>{@code POST .../disable} ({@code password}, {@code code}): turns it off; both are asked so
 * that a stolen session alone cannot remove the second factor. Wrong ones count as failed logins.</li>
 * </ul>
 * Every post is CSRF-checked.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ProfileTwoFactorServlet.PAGE, ProfileTwoFactorServlet.START,
        ProfileTwoFactorServlet.ENROL, ProfileTwoFactorServlet.RECOVERY_CODES, ProfileTwoFactorServlet.DISABLE})
@HttpWhiteboardServletName("fpauth profile two-factor")
@RequireAuthentication
public class ProfileTwoFactorServlet extends HttpServlet {

    static final String PAGE = ProfileServlet.PROFILE + "/two-factor";
    static final String START = PAGE + "/start";
    static final String ENROL = PAGE + "/enrol";
    static final String RECOVERY_CODES = PAGE + "/recovery-codes";
    static final String DISABLE = PAGE + "/disable";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProfileTwoFactorServlet.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String TITLE = "Two-factor sign-in";

    /** Messages after a redirect, chosen by key: nothing from the URL is ever shown. */
    private static final Map<String, String> NOTICES = Map.of(
            "disabled", "Two-factor sign-in is off. You sign in with your password alone.");

    private final transient UserDirectory directory;
    private final transient CsrfTokens csrf;
    private final transient Throttle throttle;
    private final transient SecondFactors secondFactors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public ProfileTwoFactorServlet(@Reference UserDirectory directory, @Reference CsrfTokens csrf,
            @Reference Throttle throttle, @Reference SecondFactors secondFactors) {
        this.directory = directory;
        this.csrf = csrf;
        this.throttle = throttle;
        this.secondFactors = secondFactors;
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
        if (!PAGE.equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        User user = user(request, response);
        if (user != null) {
            String notice = NOTICES.get(Pages.param(request, "done"));
            status(request, response, HttpServletResponse.SC_OK, user,
                    notice == null ? null : Pages.message("notice", notice));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (PAGE.equals(path)) {
            response.setHeader("Allow", "GET");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (!csrf.verify(request, response)) {
            return;
        }
        User user = user(request, response);
        if (user == null) {
            return;
        }
        try {
            if (START.equals(path)) {
                enrolment(request, response, HttpServletResponse.SC_OK, secondFactors.offer(user), null);
            } else if (ENROL.equals(path)) {
                enrol(request, response, user);
            } else if (RECOVERY_CODES.equals(path)) {
                newRecoveryCodes(request, response, user);
            } else {
                disable(request, response, user);
            }
        } catch (SecondFactorException e) {
            int status = secondFactors.isAvailable() ? HttpServletResponse.SC_CONFLICT
                    : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            LOG.info("Refused a two-factor change of user '{}': {}", user.name(), e.getMessage());
            status(request, response, status, directory.find(user.name()), Pages.message("error", e.getMessage()));
        } catch (IllegalArgumentException e) {
            // The account was removed meanwhile (the others above are refusals of the factor itself).
            LOG.info("Refused a two-factor change of user '{}': {}", user.name(), e.getMessage());
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        } catch (HashingBusyException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            status(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, user,
                    Pages.message("error", e.getMessage()));
        } catch (UserStoreException e) {
            LOG.error("Could not change the second factor of user '{}': {}", user.name(), e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The change could not be saved");
        }
    }

    private void enrol(HttpServletRequest request, HttpServletResponse response, User user) throws IOException {
        String offer = Pages.param(request, "offer");
        List<String> codes;
        try {
            codes = secondFactors.enrol(user.name(), offer, Pages.param(request, "code"));
        } catch (SecondFactorException e) {
            Optional<SecondFactors.Offer> again = secondFactors.isAvailable() && !user.hasSecondFactor()
                    ? secondFactors.reopen(user, offer) : Optional.empty();
            if (again.isEmpty()) {
                throw e;
            }
            enrolment(request, response, HttpServletResponse.SC_BAD_REQUEST, again.get(), e.getMessage());
            return;
        }
        shown(request, response, "Two-factor sign-in is on: from now on you sign in with your password and a code"
                + " from the app.", codes);
    }

    private void newRecoveryCodes(HttpServletRequest request, HttpServletResponse response, User user)
            throws IOException {
        if (!codeAccepted(request, response, user)) {
            return;
        }
        shown(request, response, "You have new recovery codes; the old ones no longer work.",
                secondFactors.newRecoveryCodes(user.name()));
    }

    private void disable(HttpServletRequest request, HttpServletResponse response, User user) throws IOException {
        String address = request.getRemoteAddr();
        if (!allowed(request, response, user)) {
            return;
        }
        if (directory.verifyPassword(user.name(), Pages.param(request, "password")).isEmpty()) {
            throttle.recordFailure(user.name(), address);
            LOG.info("Refused turning off two-factor sign-in of user '{}' from {}: wrong password", user.name(),
                    address);
            status(request, response, HttpServletResponse.SC_BAD_REQUEST, user,
                    Pages.message("error", "The password is wrong."));
            return;
        }
        if (!codeAccepted(request, response, user)) {
            return;
        }
        secondFactors.remove(user.name());
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", PAGE + "?done=disabled");
    }

    /** Whether the typed code (or recovery code) is right, spending it; else it answered. */
    private boolean codeAccepted(HttpServletRequest request, HttpServletResponse response, User user)
            throws IOException {
        if (!allowed(request, response, user)) {
            return false;
        }
        if (!secondFactors.useCode(user.name(), Pages.param(request, "code"))) {
            throttle.recordFailure(user.name(), request.getRemoteAddr());
            LOG.info("Refused a two-factor change of user '{}' from {}: wrong code", user.name(),
                    request.getRemoteAddr());
            status(request, response, HttpServletResponse.SC_BAD_REQUEST, directory.find(user.name()),
                    Pages.message("error", SecondFactors.WRONG_CODE));
            return false;
        }
        throttle.recordSuccess(user.name(), request.getRemoteAddr());
        return true;
    }

    private boolean allowed(HttpServletRequest request, HttpServletResponse response, User user) throws IOException {
        Verdict verdict = throttle.check(user.name(), request.getRemoteAddr());
        if (verdict.isAllowed()) {
            return true;
        }
        response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        status(request, response, LoginServlet.TOO_MANY_REQUESTS, user, Pages.message("error",
                "Too many failed attempts. Try again in " + verdict.retryAfterSeconds() + " seconds."));
        return false;
    }

    /** The signed-in account as stored; else it answered 403. */
    private User user(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser current = CurrentUser.get(request);
        User user = current.isAuthenticated() ? directory.find(current.getName()) : null;
        if (user == null) {
            // No manager active (routes are open then), or an account of another manager: nobody to act for.
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
        return user;
    }

    private void shown(HttpServletRequest request, HttpServletResponse response, String notice, List<String> codes)
            throws IOException {
        String body = Pages.message("notice", notice) + "\n" + TwoFactorForms.recoveryCodes(codes)
                + "\n<p><a id=\"back\" href=\"" + PAGE + "\">Done</a></p>";
        response.setStatus(HttpServletResponse.SC_OK);
        Pages.render(layout, request, response, TITLE, body);
    }

    private void enrolment(HttpServletRequest request, HttpServletResponse response, int status,
            SecondFactors.Offer offer, String error) throws IOException {
        String field = csrf.hiddenField(request, response);
        String body = (error == null ? "" : Pages.message("error", error) + "\n")
                + TwoFactorForms.enrolment(offer, ENROL, field);
        response.setStatus(status);
        Pages.render(layout, request, response, TITLE, body);
    }

    private void status(HttpServletRequest request, HttpServletResponse response, int status, User user,
            String messageHtml) throws IOException {
        String field = csrf.hiddenField(request, response); // may set a cookie: before the body
        StringBuilder body = new StringBuilder(2048);
        if (messageHtml != null) {
            body.append(messageHtml).append('\n');
        }
        Optional<SecondFactors.Status> factor = user == null ? Optional.empty() : secondFactors.status(user);
        if (factor.isEmpty()) {
            body.append("<p id=\"two-factor-state\">Two-factor sign-in is <strong>off</strong>.")
                    .append(user != null && secondFactors.isRequired(user)
                            ? " Your account must use it: you will set it up at your next sign-in." : "")
                    .append("</p>\n<form id=\"start-form\" method=\"post\" action=\"").append(START).append("\">")
                    .append(field).append("<p><button id=\"start-submit\" type=\"submit\">Set up two-factor sign-in")
                    .append("</button></p></form>");
        } else {
            SecondFactors.Status state = factor.get();
            body.append("<p id=\"two-factor-state\">Two-factor sign-in is <strong>on</strong>")
                    .append(state.enrolledMillis() > 0 ? " since " + PageLayout.escape(TIME.format(
                            Instant.ofEpochMilli(state.enrolledMillis()))) : "")
                    .append(state.recoveryCodesLeft() >= 0 ? "; <span id=\"recovery-left\">"
                            + state.recoveryCodesLeft() + "</span> recovery codes left" : "")
                    .append(".</p>\n")
                    .append("<section><h2>New recovery codes</h2><form id=\"recovery-form\" method=\"post\" action=\"")
                    .append(RECOVERY_CODES).append("\">").append(field)
                    .append(TwoFactorForms.codeInput("recovery-code", "Code from your authenticator app", false))
                    .append("<p><button type=\"submit\">Make new recovery codes</button></p></form></section>\n")
                    .append("<section><h2>Turn off</h2><form id=\"disable-form\" method=\"post\" action=\"")
                    .append(DISABLE).append("\">").append(field)
                    .append("<p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\" ")
                    .append("type=\"password\" autocomplete=\"current-password\" required maxlength=\"1024\"></p>")
                    .append(TwoFactorForms.codeInput("disable-code", "Code from your authenticator app", false))
                    .append("<p><button id=\"disable-submit\" type=\"submit\">Turn off two-factor sign-in</button></p>")
                    .append("</form></section>");
        }
        body.append("\n<p><a href=\"").append(ProfileServlet.PROFILE).append("\">Back to the profile</a></p>");
        response.setStatus(status);
        Pages.render(layout, request, response, TITLE, body.toString());
    }
}
