package io.github.fpauth.core.guard;

import java.security.Principal;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.core.manager.AuthSnapshot;
import io.github.fpauth.core.manager.ManagerEntry;

/**
 * The request as servlets behind fpauth see it: the servlet API's own view of the user
 * ({@code getRemoteUser}, {@code getUserPrincipal}, {@code isUserInRole}) agrees with
 * {@link io.github.fpauth.api.CurrentUser}, and container login is not available.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final AuthSnapshot snapshot;
    private final ManagerEntry manager;
    private final AuthResult result;

    AuthenticatedRequest(HttpServletRequest request, AuthSnapshot snapshot, ManagerEntry manager, AuthResult result) {
        super(request);
        this.snapshot = snapshot;
        this.manager = manager;
        this.result = result;
    }

    /** The snapshot this request was resolved with: the same one for its whole life. */
    AuthSnapshot snapshot() {
        return snapshot;
    }

    /** The manager that authenticated this request, null when none was active. */
    ManagerEntry manager() {
        return manager;
    }

    AuthResult result() {
        return result;
    }

    @Override
    public String getRemoteUser() {
        return result.isAuthenticated() ? result.user().getName() : null;
    }

    @Override
    public Principal getUserPrincipal() {
        return result.isAuthenticated() ? result.user() : null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return result.scopes().contains(role);
    }

    @Override
    public String getAuthType() {
        return result.isAuthenticated() ? manager.name() : null;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        return result.isAuthenticated();
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException("Container login is not available: fpauth AuthManagers authenticate requests");
    }

    @Override
    public void logout() throws ServletException {
        throw new ServletException("Container logout is not available: log out through the AuthManager");
    }
}
