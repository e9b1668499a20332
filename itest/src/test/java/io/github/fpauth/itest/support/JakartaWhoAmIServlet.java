package io.github.fpauth.itest.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.Principal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.Roles;
import io.github.fpauth.jakarta.CurrentUser;

/**
 * {@link WhoAmIServlet}'s Jakarta twin, for the Jakarta Servlet Whiteboard: the same lines, read
 * with fpauth's Jakarta {@link CurrentUser} and the Jakarta request API, plus {@code api=jakarta}.
 */
public final class JakartaWhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser user = CurrentUser.get(request);
        Principal principal = request.getUserPrincipal();
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("api=jakarta");
        out.println("manager=" + CurrentUser.managerName(request).orElse(WhoAmIServlet.NO_MANAGER));
        out.println("user=" + user.getName());
        out.println("authenticated=" + user.isAuthenticated());
        out.println("admin=" + user.isAdmin());
        out.println("scope.fp_admin=" + CurrentUser.hasScope(request, Roles.ADMIN));
        out.println("remoteUser=" + request.getRemoteUser());
        out.println("principal=" + (principal == null ? null : principal.getName()));
        out.println("inRole.fp_admin=" + request.isUserInRole(Roles.ADMIN));
        out.println("path=" + request.getContextPath() + request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }
}
