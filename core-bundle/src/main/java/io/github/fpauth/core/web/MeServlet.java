package io.github.fpauth.core.web;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;

/** {@code /api/me}: public JSON of the current user (anonymous included). */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("fpauth me")
@HttpWhiteboardServletPattern("/api/me")
public class MeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser user = CurrentUser.get(request);
        Json.write(response, "{\"authenticated\":" + user.isAuthenticated() + ",\"name\":" + Json.string(user.getName())
                + ",\"displayName\":" + Json.string(user.displayName()) + ",\"admin\":" + user.isAdmin()
                + ",\"roles\":" + Json.array(user.roles()) + "}");
    }
}
