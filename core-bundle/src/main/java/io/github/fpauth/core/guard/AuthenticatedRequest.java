package io.github.fpauth.core.guard;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.core.manager.AuthSnapshot;
import io.github.fpauth.core.manager.ManagerEntry;
import io.github.fpauth.core.manager.RequestManager;

/**
 * The request as servlets behind fpauth see it: the servlet API's own view of the user
 * ({@code getRemoteUser}, {@code getUserPrincipal}, {@code isUserInRole}) agrees with
 * {@link io.github.fpauth.api.CurrentUser}, and container login is not available.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /**
     * The attribute under which this wrapper answers itself, so that a later fpauth filter finds
     * the resolution even when the request reaches it re-wrapped: a whiteboard that runs javax
     * filters on a Jakarta servlet container (Felix HTTP on Jetty 12) hands each filter a new
     * wrapper, and the chain of javax wrappers below it is not reachable any more, while
     * attributes still are.
     */
    static final String ATTRIBUTE = AuthenticatedRequest.class.getName();

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
    public Object getAttribute(String name) {
        if (ATTRIBUTE.equals(name)) {
            return this;
        }
        if (CurrentUser.RESULT_ATTRIBUTE.equals(name)) {
            return result;
        }
        if (CurrentUser.MANAGER_ATTRIBUTE.equals(name)) {
            return manager == null ? null : manager.name();
        }
        if (RequestManager.ATTRIBUTE.equals(name)) {
            return manager;
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> below = super.getAttributeNames(); below.hasMoreElements();) {
            String name = below.nextElement();
            if (!isOurs(name)) {
                names.add(name);
            }
        }
        names.add(CurrentUser.RESULT_ATTRIBUTE);
        if (manager != null) {
            names.add(CurrentUser.MANAGER_ATTRIBUTE);
            names.add(RequestManager.ATTRIBUTE);
        }
        return Collections.enumeration(names);
    }

    /**
     * fpauth's attributes are read-only: a write must not let code behind fpauth claim another
     * user. It is ignored rather than refused, as code that saves and restores every attribute
     * around an include would otherwise fail.
     */
    @Override
    public void setAttribute(String name, Object value) {
        if (!isOurs(name)) {
            super.setAttribute(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (!isOurs(name)) {
            super.removeAttribute(name);
        }
    }

    private static boolean isOurs(String name) {
        return ATTRIBUTE.equals(name) || CurrentUser.RESULT_ATTRIBUTE.equals(name)
                || CurrentUser.MANAGER_ATTRIBUTE.equals(name) || RequestManager.ATTRIBUTE.equals(name);
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
