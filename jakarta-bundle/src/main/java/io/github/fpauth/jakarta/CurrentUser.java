package io.github.fpauth.jakarta;

import java.util.Optional;

import jakarta.servlet.ServletRequest;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;

/**
 * Reads who made a Jakarta Servlet request, from any Jakarta servlet or filter behind fpauth: the
 * Jakarta flavour of {@link io.github.fpauth.api.CurrentUser}, reading the same request
 * attributes through the same code.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The request's user; {@link AuthUser#ANONYMOUS} when not authenticated, never {@code null}. */
    public static AuthUser get(ServletRequest request) {
        return result(request).user();
    }

    /** What the active manager made of the request; "no credentials" when none was active. */
    public static AuthResult result(ServletRequest request) {
        return io.github.fpauth.api.CurrentUser.result(request::getAttribute);
    }

    /** The request holds {@code role} among its scopes. */
    public static boolean hasScope(ServletRequest request, String role) {
        return result(request).scopes().contains(role);
    }

    /** The name of the manager that handled the request, empty when authentication was off for it. */
    public static Optional<String> managerName(ServletRequest request) {
        return io.github.fpauth.api.CurrentUser.managerName(request::getAttribute);
    }

    /** Authentication was on for this request. */
    public static boolean isAuthEnabled(ServletRequest request) {
        return managerName(request).isPresent();
    }
}
