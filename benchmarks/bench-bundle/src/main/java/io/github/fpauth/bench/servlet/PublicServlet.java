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

/** The public twin of {@link HelloServlet}: the same answer on a route without requirement. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("bench public")
@HttpWhiteboardServletPattern("/bench/public")
public class PublicServlet extends HttpServlet {

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
