package io.github.fpauth.core.web;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.github.fpauth.api.Roles;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.api.route.RequireRole;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.manager.AuthSnapshot;
import io.github.fpauth.core.manager.ManagerEntry;

/**
 * {@code /admin} (requires {@code fp_admin}): whether authentication is on, the active manager
 * and the others, and the installed bundles with their state.
 */
@Component(service = Servlet.class, property = PageLayout.ADMIN_MENU_LABEL + "=Status")
@HttpWhiteboardServletName("fpauth admin")
@HttpWhiteboardServletPattern("/admin")
@RequireRole(Roles.ADMIN)
public class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient AuthManagerRegistry registry;
    private final transient PageLayout layout;

    @Activate
    public AdminServlet(BundleContext context, @Reference AuthManagerRegistry registry, @Reference PageLayout layout) {
        this.context = context;
        this.registry = registry;
        this.layout = layout;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthSnapshot snapshot = registry.snapshot();
        StringBuilder body = new StringBuilder("<h2>Authentication</h2><table>");
        row(body, "Authentication enabled", snapshot.active().isPresent() ? "yes" : "no");
        row(body, "Active manager", snapshot.active().map(ManagerEntry::toString).orElse("none"));
        row(body, "Configured manager", snapshot.configuredManager().orElse("none (highest ranking wins)"));
        row(body, "Strict mode", snapshot.isStrict() ? "on" : "off");
        body.append("</table><h2>Registered managers</h2><table><tr><th>Name</th><th>Ranking</th><th>Service</th>"
                + "<th>Active</th></tr>");
        for (ManagerEntry entry : snapshot.managers()) {
            body.append("<tr><td>").append(PageLayout.escape(entry.name())).append("</td><td>").append(entry.ranking())
                    .append("</td><td>").append(entry.serviceId()).append("</td><td>")
                    .append(entry == snapshot.activeOrNull() ? "active" : "").append("</td></tr>");
        }
        body.append("</table><h2>Bundles</h2><table><tr><th>Id</th><th>Symbolic name</th><th>Version</th>"
                + "<th>State</th></tr>");
        for (Bundle bundle : context.getBundles()) {
            body.append("<tr><td>").append(bundle.getBundleId()).append("</td><td>")
                    .append(PageLayout.escape(bundle.getSymbolicName())).append("</td><td>")
                    .append(PageLayout.escape(bundle.getVersion().toString())).append("</td><td>")
                    .append(BundleStates.name(bundle.getState())).append("</td></tr>");
        }
        body.append("</table>");
        layout.render(request, response, "Administration", body.toString());
    }

    private static void row(StringBuilder body, String name, String value) {
        body.append("<tr><th>").append(PageLayout.escape(name)).append("</th><td>").append(PageLayout.escape(value))
                .append("</td></tr>");
    }
}
