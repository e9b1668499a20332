package io.github.fpauth.core.web;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.api.route.RequireAuthentication;

/** {@code /}: the home page (requires authentication); admins get a link to {@code /admin}. */
// Pattern "": the context root exactly; "/" would be the default servlet, answering every path.
@Component(service = Servlet.class, property = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=")
@HttpWhiteboardServletName("fpauth home")
@RequireAuthentication
public class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PageLayout layout;

    @Activate
    public HomeServlet(@Reference PageLayout layout) {
        this.layout = layout;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser user = CurrentUser.get(request);
        StringBuilder body = new StringBuilder();
        body.append("<p>Welcome, <span id=\"welcome-name\">").append(PageLayout.escape(user.displayName()))
                .append("</span>.</p>");
        if (user.isAdmin()) {
            body.append("<p><a id=\"admin-link\" href=\"/admin\">Administration</a></p>");
        }
        layout.render(request, response, "Home", body.toString());
    }
}
