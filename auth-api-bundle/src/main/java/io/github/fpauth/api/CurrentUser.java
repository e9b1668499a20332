package io.github.fpauth.api;

import java.util.Optional;
import java.util.function.Function;

import javax.servlet.ServletRequest;

/**
 * Reads who made a request, from any servlet or filter behind the fpauth core (FastPluggy's
 * {@code request.state.current_user}).
 *
 * <p>The core resolves the user once per request and stores it in request attributes; the
 * request's {@code getRemoteUser()}, {@code getUserPrincipal()} and {@code isUserInRole()} agree
 * with what this class returns.
 */
public final class CurrentUser {

    /** Request attribute holding the request's {@link AuthResult}. */
    public static final String RESULT_ATTRIBUTE = "io.github.fpauth.api.AuthResult";

    /** Request attribute holding the name of the manager the request was seen by, when one was active. */
    public static final String MANAGER_ATTRIBUTE = "io.github.fpauth.api.AuthManager.name";

    private CurrentUser() {
    }

    /** The request's user; {@link AuthUser#ANONYMOUS} when not authenticated, never {@code null}. */
    public static AuthUser get(ServletRequest request) {
        return result(request).user();
    }

    /** What the active manager made of the request; "no credentials" when none was active. */
    public static AuthResult result(ServletRequest request) {
        return result(request::getAttribute);
    }

    /**
     * What the active manager made of a request whose attributes {@code attributes} reads: the
     * servlet-neutral form of {@link #result(ServletRequest)}, for a request of another servlet
     * API (the Jakarta one: {@code io.github.fpauth.jakarta.CurrentUser} reads through it).
     */
    public static AuthResult result(Function<String, ?> attributes) {
        Object result = attributes.apply(RESULT_ATTRIBUTE);
        return result instanceof AuthResult ? (AuthResult) result : AuthResult.noCredentials();
    }

    /** The request holds {@code role} among its scopes. */
    public static boolean hasScope(ServletRequest request, String role) {
        return result(request).scopes().contains(role);
    }

    /** The name of the manager that handled the request, empty when authentication was off for it. */
    public static Optional<String> managerName(ServletRequest request) {
        return managerName(request::getAttribute);
    }

    /** The servlet-neutral form of {@link #managerName(ServletRequest)}; see {@link #result(Function)}. */
    public static Optional<String> managerName(Function<String, ?> attributes) {
        Object name = attributes.apply(MANAGER_ATTRIBUTE);
        return name instanceof String ? Optional.of((String) name) : Optional.empty();
    }

    /** Authentication was on for this request (FastPluggy's {@code auth_enable}, per request). */
    public static boolean isAuthEnabled(ServletRequest request) {
        return managerName(request).isPresent();
    }
}
