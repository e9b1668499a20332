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

import io.github.fpauth.api.login.LoginProvider;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.external.LoginProviders;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.Session;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /logout}: POST (CSRF-checked) ends the session on the server and drops the cookie, so
 * replaying the old cookie is anonymous. GET only shows a confirmation form: a link or an image
 * on another site must not log anyone out.
 */
// No configuration of its own: a configuration change would re-register the servlet (a moment of 404).
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(BrowserLogin.LOGOUT_PATH)
@HttpWhiteboardServletName("fpauth logout")
public class LogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SessionStore sessions;
    private final transient SessionAuthenticator authenticator;
    private final transient CsrfTokens csrf;
    private final transient Cookies cookies;
    private final transient LoginProviders providers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PageLayout layout;

    @Activate
    public LogoutServlet(@Reference SessionStore sessions, @Reference SessionAuthenticator authenticator,
            @Reference CsrfTokens csrf, @Reference Cookies cookies, @Reference LoginProviders providers) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.cookies = cookies;
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
        String body;
        if (authenticator.current(request).isPresent()) {
            body = "<form id=\"logout-form\" method=\"post\" action=\"" + BrowserLogin.LOGOUT_PATH + "\">"
                    + csrf.hiddenField(request, response)
                    + "<p>Log out of this browser?</p><p><button id=\"logout-submit\" type=\"submit\">Log out</button></p>"
                    + "</form>";
        } else {
            body = "<p>You are not logged in with a session. <a href=\"" + BrowserLogin.LOGIN_PATH + "\">Log in</a></p>";
        }
        Pages.render(layout, request, response, "Log out", body);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Session> session = authenticator.current(request);
        // Without a live session there is nothing to protect: just drop whatever cookie is left.
        if (session.isPresent()) {
            if (!csrf.verify(request, response)) {
                return;
            }
            sessions.revoke(session.get().user(), session.get().publicId());
        }
        cookies.clear(request, response, Cookies.SESSION);
        response.setHeader("Cache-Control", "no-store");
        Optional<LoginProvider> provider = session.isPresent() ? signedInWith(request, response) : Optional.empty();
        Optional<String> providerLogout = provider.flatMap(LoginProvider::logoutLocation);
        if (providerLogout.isPresent()) {
            continueAtProvider(request, response, provider.get(), providerLogout.get());
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", BrowserLogin.LOGIN_PATH);
    }

    /** The provider that signed this session in, when it was one and is still there; its hint cookie is dropped. */
    private Optional<LoginProvider> signedInWith(HttpServletRequest request, HttpServletResponse response) {
        List<String> named = Cookies.values(request, ExternalSignInService.PROVIDER_COOKIE);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        cookies.clear(request, response, ExternalSignInService.PROVIDER_COOKIE);
        return providers.named(named.get(0));
    }

    /**
     * A session signed in through another provider goes on to that provider's own logout, else the
     * person would still be signed in there, one click away from here again. Not as a redirect of
     * this form's POST: the pages' {@code form-action 'self'} policy (rightly) stops a form from
     * landing on another site, so the page says so and the browser moves on by itself
     * ({@code Refresh}), with a link for one that does not.
     */
    private void continueAtProvider(HttpServletRequest request, HttpServletResponse response, LoginProvider provider,
            String location) throws IOException {
        response.setHeader("Refresh", "0; url=" + location);
        Pages.render(layout, request, response, "Logged out", "<p>You are logged out here. Signing you out at "
                + PageLayout.escape(provider.label()) + " too...</p>\n<p><a id=\"provider-logout\" href=\""
                + PageLayout.escape(location) + "\">Continue</a></p>");
    }
}
