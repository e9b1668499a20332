package io.github.fpauth.bench.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/**
 * {@link HelloServlet} on the Jakarta Servlet Whiteboard, at {@code /bench/jakarta}: the same
 * answer and the same requirement property, served without Felix HTTP's javax-on-Jakarta
 * wrappers. Where there is no Jakarta Servlet Whiteboard (Jetty 9.4) nobody asks for the service
 * and the class is never loaded (the bundle imports {@code jakarta.servlet} optionally).
 */
@Component(service = Servlet.class, property = {"fpauth.require.authentication=true",
    "osgi.http.whiteboard.servlet.name=bench jakarta hello", "osgi.http.whiteboard.servlet.pattern=/bench/jakarta"})
public class JakartaHelloServlet extends HttpServlet {

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
