package io.github.fpauth.webconsole;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthStatus;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.Roles;

/**
 * The Felix web console's security provider: lets in exactly the users holding {@code fp_admin}
 * according to the active fpauth {@link AuthManager}, so one login serves the application and
 * the console.
 *
 * <p>The console (4.9.x) is a whiteboard servlet in its own context, and the whiteboard calls
 * that context's {@code handleSecurity} (which calls this provider) before any filter: the core's
 * current-user filter has not run yet. So the provider asks the manager that {@link AuthStatus}
 * names active itself, unless the request was already resolved (forwarded or included from a
 * route behind the core).
 *
 * <p>Fail closed: while no manager is active the console answers 503, whatever the core's
 * {@code strict} setting; the console is too powerful to open because no auth bundle runs.
 */
@Component(service = WebConsoleSecurityProvider.class,
        property = ConsoleSecurityProvider.PROVIDER_ID_PROPERTY + "=" + ConsoleSecurityProvider.PROVIDER_ID)
public class ConsoleSecurityProvider implements WebConsoleSecurityProvider2 {

    /** The service property by which the web console names its required security providers. */
    static final String PROVIDER_ID_PROPERTY = "webconsole.security.provider.id";
    /** This provider's id, for the console's {@code felix.webconsole.security.providers}. */
    static final String PROVIDER_ID = "fpauth";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    private final AuthStatus status;
    private final ManagerDirectory managers = new ManagerDirectory();

    @Activate
    public ConsoleSecurityProvider(@Reference AuthStatus status) {
        this.status = status;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addManager(AuthManager manager) {
        managers.add(manager);
    }

    void removeManager(AuthManager manager) {
        managers.remove(manager);
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> activeName = status.activeManager();
        Optional<AuthManager> manager = activeName.flatMap(managers::find);
        if (manager.isEmpty()) {
            LOG.info("Web console refused {} {}: no fpauth AuthManager is active (the console fails closed)",
                    request.getMethod(), request.getRequestURI());
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The web console requires an active fpauth AuthManager.");
            return false;
        }
        AuthResult result = resolve(manager.get(), activeName.get(), request);
        if (!result.isAuthenticated()) {
            challenge(manager.get(), request, response, result);
            return false;
        }
        AuthUser user = result.user();
        if (!holdsAdmin(result)) {
            LOG.info("Web console refused {} {} to '{}': not {}", request.getMethod(), request.getRequestURI(),
                    user.getName(), Roles.ADMIN);
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "The web console is for " + Roles.ADMIN + " only.");
            return false;
        }
        request.setAttribute(USER_ATTRIBUTE, user);
        return true;
    }

    /** Every console permission belongs to the administrators, and only to them. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof AuthUser && ((AuthUser) user).isAdmin();
    }

    /** Never by bare user name and password: only the active manager authenticates. */
    @Override
    public Object authenticate(String username, String password) {
        return null;
    }

    /** The core's result when it already resolved this request with the same manager, else the manager's. */
    private static AuthResult resolve(AuthManager manager, String name, HttpServletRequest request) {
        if (CurrentUser.managerName(request).filter(name::equals).isPresent()
                && request.getAttribute(CurrentUser.RESULT_ATTRIBUTE) instanceof AuthResult) {
            return CurrentUser.result(request);
        }
        try {
            AuthResult result = manager.authenticate(request);
            return result == null ? AuthResult.failed("no result") : result;
        } catch (RuntimeException e) {
            LOG.warn("AuthManager {} failed to authenticate a web console request: {}", name, e.toString());
            return AuthResult.failed("authentication error");
        }
    }

    /** The same test as the core's role requirement (scopes), and the user really holding the role. */
    private static boolean holdsAdmin(AuthResult result) {
        return result.user().isAdmin() && result.scopes().contains(Roles.ADMIN);
    }

    private static void challenge(AuthManager manager, HttpServletRequest request, HttpServletResponse response,
            AuthResult result) {
        try {
            manager.onAuthenticationFailure(request, response, result);
        } catch (IOException | RuntimeException e) {
            LOG.warn("AuthManager {} failed to answer an unauthenticated web console request: {}", manager.name(),
                    e.toString());
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Authentication required.");
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.resetBuffer();
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println(message);
            response.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Could not answer {} to a web console request: {}", status, e.toString());
        }
    }
}
