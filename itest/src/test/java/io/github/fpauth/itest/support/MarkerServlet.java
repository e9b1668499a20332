package io.github.fpauth.itest.support;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Stands for protected content in attack tests: whatever the method, it answers 200 with
 * {@link #MARKER} in a header (so even a HEAD shows it) and in the body. A response carrying the
 * marker proves the request reached this servlet.
 */
public final class MarkerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String MARKER = "itest-PROTECTED-CONTENT-5e1f";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Itest-Marker", MARKER);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(MARKER + " user=" + request.getRemoteUser());
    }
}
