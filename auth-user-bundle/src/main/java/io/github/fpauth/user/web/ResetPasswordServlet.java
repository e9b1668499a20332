package io.github.fpauth.user.web;

import java.io.IOException;

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
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.reset.PasswordResets;
import io.github.fpauth.user.reset.PasswordResets.ResetException;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@value PasswordResets#PATH}: the page a reset link opens (GET) and the new password (POST,
 * CSRF-checked). A link that no longer works (used, expired, the password changed meanwhile, the
 * user disabled) answers 400 with a page that says so, and nothing changes. The page sends no
 * referrer to other sites ({@code same-origin} from the common layout, {@code no-referrer}
 * without it), so the token in its address does not travel there.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(PasswordResets.PATH)
@HttpWhiteboardServletName("fpauth password reset")
public class ResetPasswordServlet extends HttpServlet {

    static final String DEAD_LINK = "This reset link has expired or has been used. Ask for a new one.";
    private static final String TITLE = "Reset password";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ResetPasswordServlet.class);

    private final transient PasswordResets resets;
    private final transient CsrfTokens csrf;
    private final transient SharedStoreTracker storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public ResetPasswordServlet(@Reference PasswordResets resets, @Reference CsrfTokens csrf,
            @Reference SharedStoreTracker storage) {
        this.resets = resets;
        this.csrf = csrf;
        this.storage = storage;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.setHeader("Referrer-Policy", "no-referrer"); // the common layout may narrow it to same-origin
        if (!FormFields.refuseUnparsable(request, response)) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = Pages.param(request, PasswordResets.TOKEN);
        if (resets.check(token).isEmpty()) {
            dead(request, response);
            return;
        }
        form(request, response, HttpServletResponse.SC_OK, token, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!csrf.verify(request, response)) {
            return; // answered 403
        }
        String token = Pages.param(request, PasswordResets.TOKEN);
        if (!storage.isAvailable()) {
            response.setHeader("Retry-After", Long.toString(UserAuthManager.UNAVAILABLE_RETRY_SECONDS));
            form(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, token, LoginServlet.UNAVAILABLE);
            return;
        }
        String password = Pages.param(request, "new");
        if (!password.equals(Pages.param(request, "confirm"))) {
            form(request, response, HttpServletResponse.SC_BAD_REQUEST, token,
                    "The new password and its confirmation differ.");
            return;
        }
        try {
            resets.complete(token, password);
        } catch (ResetException e) {
            LOG.info("Refused a password reset from {}: the link no longer works", request.getRemoteAddr());
            dead(request, response);
            return;
        } catch (HashingBusyException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            form(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, token, e.getMessage());
            return;
        } catch (UserStoreException e) {
            LOG.error("Could not reset a password: {}", e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The password could not be saved");
            return;
        } catch (IllegalArgumentException e) {
            // the password policy: the link still works
            form(request, response, HttpServletResponse.SC_BAD_REQUEST, token, e.getMessage());
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", BrowserLogin.LOGIN_PATH + "?" + LoginServlet.RESET_DONE);
    }

    private void dead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        Pages.render(layout, request, response, TITLE, Pages.message("error", DEAD_LINK) + "\n<p><a href=\""
                + BrowserLogin.LOGIN_PATH + "\">Log in</a></p>");
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String token,
            String error) throws IOException {
        String field = csrf.hiddenField(request, response); // may set a cookie: before the body
        StringBuilder body = new StringBuilder(1024);
        if (error != null) {
            body.append(Pages.message("error", error)).append('\n');
        }
        body.append("<form id=\"reset-form\" method=\"post\" action=\"").append(PasswordResets.PATH).append("\">")
                .append(field).append("<input type=\"hidden\" name=\"").append(PasswordResets.TOKEN)
                .append("\" value=\"").append(PageLayout.escape(token)).append("\">")
                .append("<p><label for=\"new\">New password</label><br><input id=\"new\" name=\"new\" type=\"password\" ")
                .append("autocomplete=\"new-password\" required maxlength=\"1024\"></p>")
                .append("<p><label for=\"confirm\">Repeat the new password</label><br><input id=\"confirm\" ")
                .append("name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required maxlength=\"1024\"></p>")
                .append("<p><button id=\"reset-submit\" type=\"submit\">Set the new password</button></p></form>\n")
                .append("<p>Setting it ends every session of your account. Two-factor sign-in stays on.</p>");
        response.setStatus(status);
        Pages.render(layout, request, response, TITLE, body.toString());
    }
}
