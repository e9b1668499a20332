package io.github.fpauth.api;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ConsumerType;

import io.github.fpauth.api.ui.MenuEntry;

/**
 * An authentication backend (FastPluggy's {@code AuthInterface}), registered as an OSGi service.
 *
 * <p>Registering one turns authentication on (FastPluggy's {@code set_auth_manager}); its
 * service going away turns it off again, at once. When several are registered, the one named by
 * the core's configuration ({@code io.github.fpauth.core}, property {@code manager}) is active,
 * otherwise the one with the highest service ranking.
 *
 * <p>Implementations are called concurrently for every request and must be cheap on the
 * request path: no lock, no password hash for credentials they have already verified.
 */
@ConsumerType
public interface AuthManager {

    /** The realm named in the default {@code WWW-Authenticate} challenge. */
    String DEFAULT_REALM = "fpauth";

    /**
     * The name that identifies this manager in status output and in the core's configuration,
     * e.g. {@code auth_user}. Stable for the life of the service.
     */
    String name();

    /**
     * Authenticates a request. Called once per request, before any servlet or filter that
     * needs the user.
     *
     * @return never {@code null}: {@link AuthResult#noCredentials()} when the request carries
     *         nothing for this manager, {@link AuthResult#failed(String)} when it carries
     *         credentials that are wrong
     */
    AuthResult authenticate(HttpServletRequest request);

    /**
     * Answers a request that reached a route requiring authentication without being
     * authenticated (FastPluggy's {@code on_authenticate_error}). The default is a 401 with an
     * HTTP Basic challenge; a manager with a login page may redirect browsers to it instead.
     *
     * @param result what {@link #authenticate} made of this request
     */
    default void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthResult result) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + DEFAULT_REALM + "\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /**
     * The path of this manager's login page, shown as "Log in" to anonymous users in the common
     * layout; empty when the manager has none (e.g. HTTP Basic only).
     */
    default Optional<String> loginPath(HttpServletRequest request) {
        return Optional.empty();
    }

    /**
     * The user menu entries for this request's user (FastPluggy's {@code get_user_menu_entries}),
     * e.g. "Profile" and a "Log out" button; called only for authenticated requests.
     */
    default List<MenuEntry> userMenuEntries(HttpServletRequest request) {
        return List.of();
    }
}
