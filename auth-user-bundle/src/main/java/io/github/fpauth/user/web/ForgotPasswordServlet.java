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
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.reset.ForgottenPasswords;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@value #PATH}: "Forgot password?" (GET the form, POST a user name or an email address,
 * CSRF-checked). Every accepted request gets the same page, whether or not an account matches
 * ({@link ForgottenPasswords}); an address over its hourly limit gets 429. Without mail, a
 * public URL or the secret key the page does not exist (404) and the login page has no link.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ForgotPasswordServlet.PATH)
@HttpWhiteboardServletName("fpauth forgotten password")
public class ForgotPasswordServlet extends HttpServlet {

    static final String PATH = BrowserLogin.LOGIN_PATH + "/forgot";
    static final String ACCEPTED = "If an account with an email address matches, a mail with a reset link is on its"
            + " way. The link works once, and only for a while.";
    private static final String TITLE = "Forgot password";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ForgotPasswordServlet.class);

    private final transient ForgottenPasswords forgotten;
    private final transient CsrfTokens csrf;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public ForgotPasswordServlet(@Reference ForgottenPasswords forgotten, @Reference CsrfTokens csrf) {
        this.forgotten = forgotten;
        this.csrf = csrf;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!forgotten.isAvailable()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!FormFields.refuseUnparsable(request, response)) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, HttpServletResponse.SC_OK, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!csrf.verify(request, response)) {
            return; // answered 403
        }
        if (!forgotten.request(Pages.param(request, "account"), request.getRemoteAddr())) {
            response.setHeader("Retry-After", "3600");
            form(request, response, LoginServlet.TOO_MANY_REQUESTS, "Too many requests from your address. Try again"
                    + " later, or ask an administrator.");
            return;
        }
        LOG.debug("Took a forgotten-password request from {}", request.getRemoteAddr());
        response.setStatus(HttpServletResponse.SC_OK);
        Pages.render(layout, request, response, TITLE, Pages.message("notice", ACCEPTED) + "\n<p><a href=\""
                + BrowserLogin.LOGIN_PATH + "\">Log in</a></p>");
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        String field = csrf.hiddenField(request, response); // may set a cookie: before the body
        StringBuilder body = new StringBuilder(1024);
        if (error != null) {
            body.append(Pages.message("error", error)).append('\n');
        }
        body.append("<form id=\"forgot-form\" method=\"post\" action=\"").append(PATH).append("\">").append(field)
                .append("<p><label for=\"account\">User name or email address</label><br>")
                .append("<input id=\"account\" name=\"account\" required maxlength=\"254\" autocomplete=\"username\"></p>")
                .append("<p><button id=\"forgot-submit\" type=\"submit\">Send me a reset link</button></p></form>");
        response.setStatus(status);
        Pages.render(layout, request, response, TITLE, body.toString());
    }
}
