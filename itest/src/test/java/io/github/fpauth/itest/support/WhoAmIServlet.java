package io.github.fpauth.itest.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.Roles;

/**
 * A test route that reports what the request looked like to it, one {@code key=value} a line:
 * the manager the core saw the request with ({@code manager=none} when none was active), the
 * user according to {@link CurrentUser}, and the servlet request API's view of the same user.
 */
public final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String NO_MANAGER = "none";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser user = CurrentUser.get(request);
        Principal principal = request.getUserPrincipal();
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("manager=" + CurrentUser.managerName(request).orElse(NO_MANAGER));
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

    /** Parses a body written by this servlet. */
    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }
}
