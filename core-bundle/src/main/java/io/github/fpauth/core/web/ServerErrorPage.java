package io.github.fpauth.core.web;

import java.io.IOException;
import java.util.UUID;

import javax.servlet.RequestDispatcher;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error page for exceptions and 5xx answers, in every whiteboard context: the client gets a
 * status and an incident id, never an exception message or a stack trace (the container's default
 * page shows both); the log gets the whole story under the same id. Registered with a low ranking
 * so that an application's own error pages win.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=fpauth error page",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=java.lang.Throwable",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=5xx",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=" + "(|(osgi.http.whiteboard.context.name=*)"
            + "(osgi.http.whiteboard.context.httpservice=*))",
    Constants.SERVICE_RANKING + ":Integer=-1000" })
public class ServerErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorPage.class);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer && (Integer) code >= 400 ? (Integer) code
                : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        String incident = UUID.randomUUID().toString();
        if (failure instanceof Throwable) {
            LOG.error("Incident {}: {} {} failed", incident, request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), (Throwable) failure);
        } else {
            LOG.warn("Incident {}: {} {} answered {}", incident, request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write((status >= 500 ? "Server error" : "Error") + " " + status
                + " (incident " + incident + ")\n");
    }
}
