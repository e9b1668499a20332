package io.github.fpauth.bench.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The measured route: a small text answer naming the request's user. It knows nothing of fpauth
 * (only the servlet API), so the very same servlet runs with fpauth absent, with no manager and
 * with a manager; the requirement is a plain service property the core reads when it is there.
 */
@Component(service = Servlet.class, property = "fpauth.require.authentication=true")
@HttpWhiteboardServletName("bench hello")
@HttpWhiteboardServletPattern("/bench/hello")
public class HelloServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getRemoteUser();
        byte[] body = ("hello " + (user == null ? "anonymous" : user) + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
