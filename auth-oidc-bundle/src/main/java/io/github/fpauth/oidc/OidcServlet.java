package io.github.fpauth.oidc;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
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

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import io.github.fpauth.api.login.ExternalIdentity;
import io.github.fpauth.api.login.ExternalSignIn;
import io.github.fpauth.api.ui.PageLayout;

/**
 * {@code /login/oidc/NAME} starts a sign-in with provider NAME (sends the browser to it), and
 * {@code /login/oidc/NAME/callback} finishes it: the state checked against the browser's pending
 * sign-in, the code exchanged, the ID token verified, and the person handed to auth-user's
 * {@link ExternalSignIn}. One servlet for every provider, registered once; it reads a snapshot of
 * the providers of the moment, so providers come and go without a whiteboard change.
 *
 * <p>Every failure is a page with a 4xx or 5xx status and a log line; none starts a session.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(OidcSettings.PATH_PREFIX + "*")
@HttpWhiteboardServletName("fpauth OpenID Connect")
public class OidcServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OidcServlet.class);

    private final transient PageLayout layout;
    private final transient Clock clock = Clock.systemUTC();
    private transient volatile Map<String, OidcLoginProvider> providers = Map.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ExternalSignIn signIn;

    @Activate
    public OidcServlet(@Reference PageLayout layout) {
        this.layout = layout;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindProvider(OidcLoginProvider provider) {
        Map<String, OidcLoginProvider> next = new HashMap<>(providers);
        if (next.putIfAbsent(provider.name(), provider) != null) {
            LOG.warn("Two OpenID provider configurations are named '{}': only the first one is used", provider.name());
        }
        providers = Map.copyOf(next);
    }

    synchronized void unbindProvider(OidcLoginProvider provider) {
        Map<String, OidcLoginProvider> next = new HashMap<>(providers);
        next.remove(provider.name(), provider);
        providers = Map.copyOf(next);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            request.getParameterMap(); // the container parses the query here, and throws on broken encoding
        } catch (RuntimeException e) {
            LOG.info("Refused {} from {}: unreadable query string ({})", request.getRequestURI(),
                    request.getRemoteAddr(), e.getClass().getSimpleName());
            page(request, response, HttpServletResponse.SC_BAD_REQUEST, "This address is not valid. Start again.");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        boolean callback = path.endsWith(OidcSettings.CALLBACK);
        String name = path.length() < 2 ? "" : path.substring(1, callback ? path.length() - OidcSettings.CALLBACK.length()
                : path.length());
        OidcLoginProvider provider = providers.get(name);
        if (provider == null) {
            LOG.info("Refused {} from {}: no OpenID provider '{}'", path, request.getRemoteAddr(), printable(name));
            page(request, response, HttpServletResponse.SC_NOT_FOUND, "There is no such sign-in provider here.");
            return;
        }
        try {
            if (callback) {
                finish(request, response, provider.flow());
            } else {
                start(request, response, provider.flow());
            }
        } catch (SignInFailure e) {
            LOG.warn("Sign-in with {} from {} failed: {}", name, request.getRemoteAddr(), e.getMessage());
            page(request, response, e.status, e.userMessage);
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response, CodeFlow flow)
            throws SignInFailure {
        PendingAuthorization pending = PendingAuthorization.start(sameSitePath(request.getParameter("next")),
                clock.instant().getEpochSecond());
        String location = flow.authorizationRequest(pending).toString(); // before the cookie: may fail
        pending.set(request, response, flow.settings());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, CodeFlow flow)
            throws SignInFailure, IOException {
        OidcSettings settings = flow.settings();
        Optional<PendingAuthorization> found = PendingAuthorization.read(request, settings,
                clock.instant().getEpochSecond());
        // Serves once, whatever happens next.
        PendingAuthorization.clear(request, response, settings);
        String error = single(request, "error");
        if (error != null) {
            throw new SignInFailure(HttpServletResponse.SC_UNAUTHORIZED, settings.label + " did not sign you in.",
                    "the provider answered error '" + printable(error) + "'");
        }
        String state = single(request, "state");
        String code = single(request, "code");
        if (found.isEmpty() || !found.get().matches(state)) {
            throw new SignInFailure(HttpServletResponse.SC_BAD_REQUEST, "This sign-in was not started in this"
                    + " browser, or it has expired. Start again.", found.isEmpty()
                            ? "no pending sign-in in this browser (none, expired, malformed or several)"
                            : "the state does not match this browser's pending sign-in");
        }
        if (code == null || code.isEmpty() || code.length() > 4096) {
            throw new SignInFailure(HttpServletResponse.SC_BAD_REQUEST, "The provider's answer is incomplete. Start"
                    + " again.", "no usable code in the callback");
        }
        IDTokenClaimsSet claims = flow.exchange(code, found.get());
        ExternalIdentity identity;
        try {
            identity = IdentityClaims.identity(settings, claims);
        } catch (IdentityClaims.RefusedException e) {
            throw new SignInFailure(HttpServletResponse.SC_FORBIDDEN, e.userMessage, e.getMessage());
        }
        ExternalSignIn accounts = signIn;
        if (accounts == null) {
            throw new SignInFailure(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Signing in is not available right"
                    + " now. Try again in a moment.", "no ExternalSignIn service (auth-user is not running)");
        }
        ExternalSignIn.Outcome outcome = accounts.signIn(request, response, identity, found.get().next);
        LOG.debug("Sign-in with {} of subject {}: {}", settings.name, identity.subject(), outcome);
    }

    /** The one value of a parameter; {@code null} when absent or given more than once. */
    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null || values.length != 1 ? null : values[0];
    }

    /** A path of this site, else {@code /}; auth-user checks it again before redirecting. */
    static String sameSitePath(String next) {
        if (next == null || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")
                || next.indexOf('\\') >= 0 || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return next;
    }

    private static String printable(String value) {
        return value.length() > 64 ? value.substring(0, 64).replaceAll("\\p{Cntrl}", "?") + "..."
                : value.replaceAll("\\p{Cntrl}", "?");
    }

    private void page(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        response.setStatus(status);
        response.setHeader("X-Frame-Options", "DENY");
        layout.render(request, response, "Sign-in failed", "<p class=\"error\" role=\"alert\">"
                + PageLayout.escape(message) + "</p>\n<p><a id=\"back-to-login\" href=\"/login\">Back to sign-in</a></p>");
    }
}
