package io.github.fpauth.core.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Filter;
import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.core.firewall.RequestFirewall;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.spi.RouteGuards;

/**
 * Guards every whiteboard servlet that declares a requirement (FastPluggy's route-level
 * {@code Depends(require_...)}): for each one, a guard filter with the servlet's own patterns
 * and context selection, registered while the servlet is. Guards follow servlets, never
 * managers, so the whiteboard stays stable while managers come and go.
 *
 * <p>The same guards, and the preprocessor's filter, are offered to whiteboard adapters as
 * {@link RouteGuards}: fpauth's Jakarta Servlet Whiteboard bundle registers them for Jakarta
 * servlets.
 */
@Component(service = {ServletGuards.class, RouteGuards.class}, immediate = true)
public class ServletGuards implements RouteGuards {

    private static final Logger LOG = LoggerFactory.getLogger(ServletGuards.class);
    private static final String DEFAULT_CONTEXT_SELECT = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")";

    private static final String DEFAULT_SERVLET_PATTERN = "/";

    private final BundleContext context;
    private final AuthManagerRegistry registry;
    private final RequestFirewall firewall;
    private final RequestAuthenticator authenticator;
    private final Map<Long, GuardRegistration> guards = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public ServletGuards(BundleContext context, @Reference AuthManagerRegistry registry,
            @Reference RequestFirewall firewall) {
        this.context = context;
        this.registry = registry;
        this.firewall = firewall;
        this.authenticator = new RequestAuthenticator(registry);
    }

    @Reference(service = Servlet.class, target = RouteRequirements.REQUIREMENT_FILTER,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedServlet")
    void bindServlet(ServiceReference<Servlet> servlet) {
        guard(servlet);
    }

    void updatedServlet(ServiceReference<Servlet> servlet) {
        // The new guard is in place before the old one goes: no unguarded moment.
        guard(servlet);
    }

    void unbindServlet(ServiceReference<Servlet> servlet) {
        GuardRegistration old = guards.remove(serviceId(servlet));
        if (old != null) {
            old.unregister();
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        guards.values().forEach(GuardRegistration::unregister);
        guards.clear();
    }

    /** How many servlets are guarded, for status output. */
    public int size() {
        return guards.size();
    }

    @Override
    public Filter currentUserFilter() {
        return new CurrentUserPreprocessor(registry, firewall);
    }

    @Override
    public Optional<Guard> guardFor(Map<String, ?> servletProperties) {
        Requirement requirement = Requirement.fromServiceProperties(servletProperties);
        if (requirement == null) {
            return Optional.empty();
        }
        Object id = servletProperties.get(Constants.SERVICE_ID);
        GuardRegistration.Target target = target(servletProperties, requirement, String.valueOf(id));
        if (target == null) {
            return Optional.empty();
        }
        Map<String, Object> properties = Map.copyOf(
                GuardRegistration.properties("fpauth guard for servlet " + id, requirement, target));
        return Optional.of(new Guard() {
            @Override
            public Map<String, Object> properties() {
                return properties;
            }

            @Override
            public Filter newFilter() {
                return new RequirementFilter(requirement, authenticator);
            }
        });
    }

    private void guard(ServiceReference<Servlet> servlet) {
        if (!active) {
            return;
        }
        long id = serviceId(servlet);
        Map<String, Object> properties = properties(servlet);
        Requirement requirement = Requirement.fromServiceProperties(properties);
        GuardRegistration next = null;
        if (requirement != null) {
            GuardRegistration.Target target = target(properties, requirement, String.valueOf(id));
            if (target != null) {
                LOG.debug("Guarding servlet {} ({}) with {}", id, List.of(target.patterns()), requirement);
                next = GuardRegistration.register(context, "fpauth guard for servlet " + id, requirement,
                        authenticator, target);
            }
        }
        GuardRegistration old = next == null ? guards.remove(id) : guards.put(id, next);
        if (old != null) {
            old.unregister();
        }
    }

    /**
     * Which requests a servlet's guard sees: the servlet's own patterns, names, context selection
     * and target. Null when there is nothing a filter could target.
     */
    private static GuardRegistration.Target target(Map<String, ?> servlet, Requirement requirement, String id) {
        List<String> patterns = new ArrayList<>(
                List.of(strings(servlet.get(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN))));
        String[] names = strings(servlet.get(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME));
        if (patterns.contains(DEFAULT_SERVLET_PATTERN) && names.length > 0) {
            // A filter on "/" would match every request of the context, not only those that reach
            // this default servlet: target the servlet by its name instead.
            patterns.remove(DEFAULT_SERVLET_PATTERN);
        } else if (patterns.contains(DEFAULT_SERVLET_PATTERN)) {
            LOG.warn("Servlet service {} is a default servlet (\"/\") without {}: its guard applies to every request "
                    + "of its context; name the servlet to guard it alone",
                    id, HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME);
        }
        if (patterns.isEmpty() && names.length == 0) {
            LOG.warn("Servlet service {} declares {} but has no pattern or name to guard", id, requirement);
            return null;
        }
        Object select = servlet.get(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT);
        return new GuardRegistration.Target(patterns.toArray(new String[0]), new String[0], names,
                select instanceof String ? (String) select : DEFAULT_CONTEXT_SELECT,
                servlet.get(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET));
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new java.util.HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            props.put(key, ref.getProperty(key));
        }
        return props;
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    static String[] strings(Object value) {
        if (value instanceof String) {
            return new String[] { (String) value };
        }
        if (value instanceof String[]) {
            return ((String[]) value).clone();
        }
        if (value instanceof java.util.Collection) {
            return ((java.util.Collection<?>) value).stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[0];
    }
}
