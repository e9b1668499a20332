package io.github.fpauth.jakarta.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

import org.apache.felix.http.jakartawrappers.FilterWrapper;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.core.spi.RouteGuards;
import io.github.fpauth.core.spi.RouteGuards.Guard;

/**
 * Guards every Jakarta whiteboard servlet that declares a requirement, as the core guards javax
 * ones: the core says where the guard goes and gives its filter; this registers it on the Jakarta
 * whiteboard while the servlet is registered. Guards follow servlets, never managers.
 */
@Component(service = JakartaServletGuards.class, immediate = true)
@RequireHttpWhiteboard
public class JakartaServletGuards {

    private final BundleContext context;
    private final RouteGuards guards;
    private final Map<Long, ServiceRegistration<Filter>> registrations = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public JakartaServletGuards(BundleContext context, @Reference RouteGuards guards) {
        this.context = context;
        this.guards = guards;
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
        unregister(registrations.remove(serviceId(servlet)));
    }

    @Deactivate
    void deactivate() {
        active = false;
        registrations.values().forEach(JakartaServletGuards::unregister);
        registrations.clear();
    }

    /** How many Jakarta servlets are guarded. */
    public int size() {
        return registrations.size();
    }

    private void guard(ServiceReference<Servlet> servlet) {
        if (!active) {
            return;
        }
        long id = serviceId(servlet);
        Optional<Guard> guard = guards.guardFor(properties(servlet));
        ServiceRegistration<Filter> next = guard.map(this::register).orElse(null);
        unregister(next == null ? registrations.remove(id) : registrations.put(id, next));
    }

    private ServiceRegistration<Filter> register(Guard guard) {
        // Prototype scope: every whiteboard context gets its own filter instance.
        PrototypeServiceFactory<Filter> factory = new PrototypeServiceFactory<>() {
            @Override
            public Filter getService(Bundle bundle, ServiceRegistration<Filter> registration) {
                return new FilterWrapper(guard.newFilter());
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Filter> registration, Filter filter) {
                // stateless
            }
        };
        return context.registerService(Filter.class, factory, new Hashtable<>(guard.properties()));
    }

    private static void unregister(ServiceRegistration<Filter> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping: the framework has unregistered it already
        }
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
}
