package io.github.fpauth.core.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Servlet;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import io.github.fpauth.api.ui.PageLayout;

/**
 * The admin section's links: every whiteboard servlet with {@link PageLayout#ADMIN_MENU_LABEL},
 * linked at its first pattern. Rebuilt on service changes, read lock-free by the layout.
 */
@Component(service = AdminMenu.class)
public class AdminMenu {

    /** One link of the admin section. */
    record Link(String label, String path) {
    }

    private final ConcurrentHashMap<Long, Link> byService = new ConcurrentHashMap<>();
    private volatile List<Link> links = List.of();

    @Reference(service = Servlet.class, target = "(" + PageLayout.ADMIN_MENU_LABEL + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updated")
    void bind(ServiceReference<Servlet> servlet) {
        Link link = link(servlet);
        if (link != null) {
            byService.put((Long) servlet.getProperty(Constants.SERVICE_ID), link);
        }
        publish();
    }

    void updated(ServiceReference<Servlet> servlet) {
        byService.remove((Long) servlet.getProperty(Constants.SERVICE_ID));
        bind(servlet);
    }

    void unbind(ServiceReference<Servlet> servlet) {
        byService.remove((Long) servlet.getProperty(Constants.SERVICE_ID));
        publish();
    }

    List<Link> links() {
        return links;
    }

    private synchronized void publish() {
        List<Link> next = new ArrayList<>(byService.values());
        next.sort(Comparator.comparing(Link::label).thenComparing(Link::path));
        links = List.copyOf(next);
    }

    private static Link link(ServiceReference<Servlet> servlet) {
        Object label = servlet.getProperty(PageLayout.ADMIN_MENU_LABEL);
        Object pattern = servlet.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN);
        String first = pattern instanceof String ? (String) pattern
                : pattern instanceof String[] && ((String[]) pattern).length > 0 ? ((String[]) pattern)[0] : null;
        if (!(label instanceof String) || ((String) label).isBlank() || first == null || !first.startsWith("/")) {
            return null;
        }
        // "/admin/users/*" links to "/admin/users".
        String path = first.endsWith("/*") ? first.substring(0, first.length() - 2) : first;
        return path.isEmpty() || path.contains("*") ? null : new Link(((String) label).trim(), path);
    }
}
