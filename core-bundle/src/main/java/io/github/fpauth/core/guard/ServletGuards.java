package io.github.fpauth.core.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.core.manager.AuthManagerRegistry;

/**
 * Guards every whiteboard servlet that declares a requirement (FastPluggy's route-level
 * {@code Depends(require_...)}): servlets with the same requirement, context selection and
 * whiteboard target share one guard filter with their patterns and servlet names, registered
 * while any of them is. Guards follow servlets, never managers, so the whiteboard stays stable
 * while managers come and go.
 */
@Component(service = ServletGuards.class, immediate = true)
public class ServletGuards {

    private static final Logger LOG = LoggerFactory.getLogger(ServletGuards.class);

    private final BundleContext context;
    private final RequestAuthenticator authenticator;
    // DS may bind, update and unbind servlets concurrently: the bookkeeping below changes under this
    // lock only. Registering with the whiteboard under it is fine: this is not the request path.
    private final Object lock = new Object();
    private final Map<Long, GuardKey> keys = new HashMap<>();
    private final Map<GuardKey, GuardGroup> groups = new HashMap<>();
    private long registrations;
    private boolean active = true;

    @Activate
    public ServletGuards(BundleContext context, @Reference AuthManagerRegistry registry) {
        this.context = context;
        this.authenticator = new RequestAuthenticator(registry);
    }

    @Reference(service = Servlet.class, target = RouteRequirements.REQUIREMENT_FILTER,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedServlet")
    void bindServlet(ServiceReference<Servlet> servlet) {
        guard(servlet, true);
    }

    void updatedServlet(ServiceReference<Servlet> servlet) {
        guard(servlet, true);
    }

    void unbindServlet(ServiceReference<Servlet> servlet) {
        guard(servlet, false);
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            active = false;
            new ArrayList<>(groups.values()).forEach(GuardGroup::unregister);
            groups.clear();
            keys.clear();
        }
    }

    /** How many servlets are guarded, for status output. */
    public int size() {
        synchronized (lock) {
            return keys.size();
        }
    }

    /** How many guard filters guard them. */
    public int filters() {
        synchronized (lock) {
            return groups.size();
        }
    }

    /**
     * Puts a servlet in the group of its guard, or in none. The group it joins has its new filter
     * in place before the group it leaves lets it go: no unguarded moment, when it moves either.
     */
    private void guard(ServiceReference<Servlet> servlet, boolean registered) {
        synchronized (lock) {
            if (!active) {
                return;
            }
            long servletId = ServletGuard.serviceId(servlet);
            // Read under the lock: of two concurrent updates, the last one applies the latest properties.
            ServletGuard next = registered ? ServletGuard.of(servlet) : null;
            GuardKey previous = next == null ? keys.remove(servletId) : keys.put(servletId, next.key());
            if (next != null) {
                GuardGroup joined = groups.computeIfAbsent(next.key(), GuardGroup::new);
                joined.put(servletId, next);
                joined.refresh(this::register);
            }
            // Read the servlet's key again: a change made during the registration's service event wins.
            if (previous != null && !previous.equals(keys.get(servletId))) {
                GuardGroup left = groups.get(previous);
                if (left != null) {
                    left.remove(servletId);
                    left.refresh(this::register);
                    if (left.isEmpty()) {
                        groups.remove(previous, left);
                    }
                }
            }
        }
    }

    private GuardRegistration register(GuardKey key, String[] patterns, String[] servletNames) {
        // A new name for every registration: Pax Web refuses two filters of the same name, and a
        // group's new filter is registered while its old one still is.
        String name = "fpauth guard (" + key.requirement() + ") #" + ++registrations;
        LOG.debug("Registering {} for patterns {} and servlets {}", name, patterns, servletNames);
        return GuardRegistration.register(context, name, key.requirement(), authenticator,
                new GuardRegistration.Target(patterns, new String[0], servletNames, key.contextSelect(),
                        key.target()));
    }
}
