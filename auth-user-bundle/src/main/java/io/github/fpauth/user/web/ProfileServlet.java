package io.github.fpauth.user.web;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.Session;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionInfo;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.Verdict;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /profile} (requires authentication): the user's own password and sessions.
 * <ul>
 * <li>{@code POST /profile/password} (current, new, confirm): asks for the current password
 * (throttled like a login: a stolen session must not become a password oracle), keeps this
 * session and ends every other one; cached Basic credentials of the old password
 * stop working with the change itself. While password hashing is over its share of CPU time,
 * 503 with {@code Retry-After}, nothing changed.</li>
 * <li>{@code POST /profile/sessions/revoke} ({@code id}): ends one of the user's own sessions.</li>
 * </ul>
 * Both are CSRF-checked and answer with a redirect to the page (post/redirect/get).
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ProfileServlet.PROFILE, ProfileServlet.PASSWORD, ProfileServlet.REVOKE})
@HttpWhiteboardServletName("fpauth profile")
@RequireAuthentication
public class ProfileServlet extends HttpServlet {

    static final String PROFILE = BrowserLogin.PROFILE_PATH;
    static final String PASSWORD = PROFILE + "/password";
    static final String REVOKE = PROFILE + "/sessions/revoke";
    /** Built by the personal access tokens pages. */
    static final String TOKENS = PROFILE + "/tokens";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProfileServlet.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Messages after a redirect, chosen by key: nothing from the URL is ever shown. */
    private static final Map<String, String> NOTICES = Map.of(
            "password-changed", "Your password has been changed. Your other sessions have been ended.",
            "session-revoked", "The session has been ended.",
            "session-unknown", "That session no longer exists.");

    private final transient UserDirectory directory;
    private final transient SessionStore sessions;
    private final transient SessionAuthenticator authenticator;
    private final transient CsrfTokens csrf;
    private final transient Cookies cookies;
    private final transient Throttle throttle;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public ProfileServlet(@Reference UserDirectory directory, @Reference SessionStore sessions,
            @Reference SessionAuthenticator authenticator, @Reference CsrfTokens csrf, @Reference Cookies cookies,
            @Reference Throttle throttle) {
        this.directory = directory;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.cookies = cookies;
        this.throttle = throttle;
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
        if (!PROFILE.equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String notice = NOTICES.get(Pages.param(request, "done"));
        page(request, response, HttpServletResponse.SC_OK, notice == null ? null : Pages.message("notice", notice));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (!PASSWORD.equals(path) && !REVOKE.equals(path)) {
            response.setHeader("Allow", "GET");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (!csrf.verify(request, response)) {
            return;
        }
        AuthUser user = CurrentUser.get(request);
        if (!user.isAuthenticated()) {
            // Only when no manager is active (routes are open then): there is nobody to act for.
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (PASSWORD.equals(path)) {
            try {
                changePassword(request, response, user.getName());
            } catch (HashingBusyException e) {
                // Before the current password was checked, or before the new one was hashed: nothing changed.
                LOG.info("Refused a password change of user '{}' from {}: password hashing is busy", user.getName(),
                        request.getRemoteAddr());
                retryLater(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.retryAfterSeconds(),
                        e.getMessage());
            }
        } else {
            revoke(request, response, user.getName());
        }
    }

    private void changePassword(HttpServletRequest request, HttpServletResponse response, String name)
            throws IOException {
        String current = Pages.param(request, "current");
        String next = Pages.param(request, "new");
        String address = request.getRemoteAddr();
        Verdict verdict = throttle.check(name, address);
        if (!verdict.isAllowed()) {
            retryLater(request, response, 429, verdict.retryAfterSeconds(), "Too many failed attempts. Try again in "
                    + verdict.retryAfterSeconds() + " seconds.");
            return;
        }
        Optional<User> verified = directory.verifyPassword(name, current);
        if (verified.isEmpty()) {
            throttle.recordFailure(name, address);
            LOG.info("Refused a password change of user '{}' from {}: wrong current password", name,
                    request.getRemoteAddr());
            page(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    Pages.message("error", "The current password is wrong."));
            return;
        }
        throttle.recordSuccess(name, address);
        if (!next.equals(Pages.param(request, "confirm"))) {
            page(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    Pages.message("error", "The new password and its confirmation differ."));
            return;
        }
        try {
            directory.setPassword(name, next);
        } catch (IllegalArgumentException e) {
            page(request, response, HttpServletResponse.SC_BAD_REQUEST, Pages.message("error", e.getMessage()));
            return;
        } catch (UserStoreException e) {
            LOG.error("Could not change the password of user '{}': {}", name, e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The password could not be saved");
            return;
        }
        String keep = authenticator.current(request).map(Session::publicId).orElse(null);
        sessions.revokeAllExcept(name, keep);
        redirect(response, PROFILE + "?done=password-changed");
    }

    private void revoke(HttpServletRequest request, HttpServletResponse response, String name) {
        String id = Pages.param(request, "id");
        // Before the revocation, which may end this very session.
        Optional<Session> current = authenticator.current(request);
        if (!sessions.revoke(name, id)) {
            redirect(response, PROFILE + "?done=session-unknown");
            return;
        }
        if (current.isPresent() && current.get().publicId().equals(id)) {
            cookies.clear(request, response, Cookies.SESSION);
            redirect(response, BrowserLogin.LOGIN_PATH);
            return;
        }
        redirect(response, PROFILE + "?done=session-revoked");
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    private void retryLater(HttpServletRequest request, HttpServletResponse response, int status,
            long retryAfterSeconds, String error) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        page(request, response, status, Pages.message("error", error));
    }

    private void page(HttpServletRequest request, HttpServletResponse response, int status, String messageHtml)
            throws IOException {
        AuthUser user = CurrentUser.get(request);
        String field = csrf.hiddenField(request, response); // may set a cookie: before the body
        String currentId = authenticator.current(request).map(Session::publicId).orElse("");
        StringBuilder body = new StringBuilder(4096);
        if (messageHtml != null) {
            body.append(messageHtml).append('\n');
        }
        body.append("<p>Signed in as <strong id=\"profile-name\">").append(PageLayout.escape(user.displayName()))
                .append("</strong> (").append(PageLayout.escape(user.getName())).append(").</p>\n");

        body.append("<section id=\"password\"><h2>Change password</h2>\n")
                .append("<form id=\"password-form\" method=\"post\" action=\"").append(PASSWORD).append("\">")
                .append(field)
                .append("<p><label for=\"current\">Current password</label><br><input id=\"current\" name=\"current\" "
                        + "type=\"password\" autocomplete=\"current-password\" required maxlength=\"1024\"></p>")
                .append("<p><label for=\"new\">New password</label><br><input id=\"new\" name=\"new\" "
                        + "type=\"password\" autocomplete=\"new-password\" required maxlength=\"1024\"></p>")
                .append("<p><label for=\"confirm\">Repeat the new password</label><br><input id=\"confirm\" "
                        + "name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required maxlength=\"1024\"></p>")
                .append("<p><button type=\"submit\">Change password</button></p></form>")
                .append("<p>Changing the password ends your other sessions.</p></section>\n");

        body.append("<section id=\"sessions\"><h2>Sessions</h2>\n<table><thead><tr><th>Created</th><th>Last seen</th>"
                + "<th>Address</th><th>Browser</th><th>Kind</th><th></th></tr></thead><tbody>\n");
        for (SessionInfo session : sessions.sessionsOf(user.getName())) {
            boolean mine = session.publicId().equals(currentId);
            body.append("<tr class=\"session\" data-id=\"").append(PageLayout.escape(session.publicId())).append("\">")
                    .append("<td>").append(time(session.created())).append("</td>")
                    .append("<td>").append(time(session.lastSeen())).append("</td>")
                    .append("<td>").append(PageLayout.escape(session.clientAddress())).append("</td>")
                    .append("<td>").append(PageLayout.escape(session.userAgent())).append("</td>")
                    .append("<td>").append(session.rememberMe() ? "remembered" : "browser session")
                    .append(mine ? " <strong class=\"this-session\">(this session)</strong>" : "").append("</td>")
                    .append("<td><form method=\"post\" action=\"").append(REVOKE).append("\">").append(field)
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(PageLayout.escape(session.publicId()))
                    .append("\"><button type=\"submit\">").append(mine ? "Log out" : "Revoke")
                    .append("</button></form></td></tr>\n");
        }
        body.append("</tbody></table></section>\n");

        // Two-factor sign-in: its own page (and state) under /profile/two-factor.
        User stored = directory.find(user.getName());
        body.append("<section id=\"two-factor\"><h2>Two-factor sign-in</h2>\n<p>")
                .append(stored != null && stored.hasSecondFactor() ? "On." : "Off.")
                .append(" <a id=\"two-factor-link\" href=\"").append(ProfileTwoFactorServlet.PAGE)
                .append("\">Manage two-factor sign-in</a></p></section>\n");

        // Personal access tokens: their own pages under /profile/tokens.
        body.append("<section id=\"tokens\"><h2>Personal access tokens</h2>\n<p><a id=\"tokens-link\" href=\"")
                .append(TOKENS).append("\">Manage personal access tokens</a></p></section>\n");

        response.setStatus(status);
        Pages.render(layout, request, response, "Profile", body.toString());
    }

    private static String time(Instant instant) {
        return PageLayout.escape(TIME.format(instant));
    }
}
