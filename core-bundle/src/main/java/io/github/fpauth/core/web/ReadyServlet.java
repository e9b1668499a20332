package io.github.fpauth.core.web;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.github.fpauth.api.CurrentUser;

/**
 * {@code /ready}: public health check. Reports what this very request saw, so the answer is
 * consistent with the protection that applied to it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("fpauth ready")
@HttpWhiteboardServletPattern("/ready")
public class ReadyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String manager = CurrentUser.managerName(request).orElse(null);
        Json.write(response, "{\"status\":\"UP\",\"authEnabled\":" + (manager != null) + ",\"activeManager\":"
                + Json.string(manager) + "}");
    }
}
