package io.github.fpauth.user.web;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.login.ExternalIdentity;
import io.github.fpauth.api.login.ExternalSignIn;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.external.AccountLinks;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.totp.PendingSignIns;
import io.github.fpauth.user.totp.SecondFactors;

/**
 * auth-user's {@link ExternalSignIn}: the local user of an identity another provider vouched for
 * ({@link AccountLinks}), then the same end as a password sign-in: a disabled account stays out,
 * an account with a second factor goes on to its code step, and the session starts afresh. The
 * browser also keeps the provider's name ({@link #PROVIDER_COOKIE}) so that logout can send it
 * to the provider's own logout.
 */
@Component(service = ExternalSignIn.class)
public class ExternalSignInService implements ExternalSignIn {

    /** Which provider signed the browser's session in; only a hint for logout, so never trusted for more. */
    public static final String PROVIDER_COOKIE = "FPAUTH_PROVIDER";

    static final String REFUSED_TITLE = "Sign-in refused";
    static final String DISABLED = "This account is disabled. Ask an administrator.";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSignInService.class);

    private final AccountLinks links;
    private final SharedStoreTracker storage;
    private final SecondFactors secondFactors;
    private final Cookies cookies;
    private final SignInCompletion completion;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PageLayout layout;

    @Activate
    public ExternalSignInService(@Reference UserDirectory directory, @Reference SessionStore sessions,
            @Reference SessionAuthenticator authenticator, @Reference Cookies cookies,
            @Reference SharedStoreTracker storage, @Reference SecondFactors secondFactors) {
        this.links = new AccountLinks(directory);
        this.storage = storage;
        this.secondFactors = secondFactors;
        this.cookies = cookies;
        this.completion = new SignInCompletion(sessions, authenticator, cookies);
    }

    @Override
    public Outcome signIn(HttpServletRequest request, HttpServletResponse response, ExternalIdentity identity,
            String next) throws IOException {
        String address = request.getRemoteAddr();
        if (!storage.isAvailable()) {
            LOG.info("Refused a sign-in from {} with {}: the shared store is unavailable", address,
                    identity.provider());
            return unavailable(request, response);
        }
        User user;
        try {
            user = links.resolve(identity);
        } catch (AccountLinks.RefusedException e) {
            LOG.warn("Refused a sign-in from {} with {}: {}", address, identity.provider(), e.getMessage());
            return refused(request, response, e.userMessage());
        } catch (UserStoreException e) {
            LOG.error("Refused a sign-in from {} with {}: {}", address, identity.provider(), e.getMessage());
            return unavailable(request, response);
        } catch (IllegalArgumentException e) {
            LOG.warn("Refused a sign-in from {} with {}: {}", address, identity.provider(), e.getMessage());
            return refused(request, response, "The identity provider's answer cannot be used here.");
        }
        if (!user.isEnabled()) {
            LOG.info("Refused a sign-in from {} with {}: user '{}' is disabled", address, identity.provider(),
                    user.name());
            return refused(request, response, DISABLED);
        }
        cookies.set(request, response, PROVIDER_COOKIE, identity.provider(), -1);
        if (secondFactors.isRequired(user)) {
            return secondStep(request, response, user, next);
        }
        if (!completion.start(request, response, user, false)) {
            return Outcome.UNAVAILABLE;
        }
        LOG.info("User '{}' signed in from {} with {}", user.name(), address, identity.provider());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", SafeRedirect.target(next));
        return Outcome.SIGNED_IN;
    }

    private Outcome secondStep(HttpServletRequest request, HttpServletResponse response, User user, String next)
            throws IOException {
        PendingSignIns pending = secondFactors.pendingSignIns();
        if (pending == null) {
            LOG.error("Refused a sign-in of user '{}': two-factor sign-in is unavailable ({})", user.name(),
                    secondFactors.problem());
            return unavailable(request, response);
        }
        completion.toSecondStep(request, response, pending, user, false, next);
        return Outcome.SECOND_FACTOR;
    }

    private Outcome refused(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        Pages.render(layout, request, response, REFUSED_TITLE, Pages.message("error", message)
                + "\n<p><a id=\"back-to-login\" href=\"/login\">Back to sign-in</a></p>");
        return Outcome.REFUSED;
    }

    private Outcome unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(UserAuthManager.UNAVAILABLE_RETRY_SECONDS));
        Pages.render(layout, request, response, "Sign-in unavailable", Pages.message("error", LoginServlet.UNAVAILABLE));
        return Outcome.UNAVAILABLE;
    }
}
