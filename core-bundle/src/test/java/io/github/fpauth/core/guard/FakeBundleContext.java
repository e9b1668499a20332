package io.github.fpauth.core.guard;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * A BundleContext that only registers services: it keeps the live registrations and records every
 * registration and unregistration in order ("+name", "-name", and "!name" for a second
 * unregistration), as the whiteboard would see them.
 */
final class FakeBundleContext {

    /** One registered service: its properties and the service object (a factory, for guards). */
    record Registered(String name, Dictionary<String, ?> properties, Object service) {

        String[] strings(String key) {
            Object value = properties.get(key);
            return value == null ? new String[0] : (String[]) value;
        }

        String[] patterns() {
            return strings(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN);
        }

        String[] servletNames() {
            return strings(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_SERVLET);
        }
    }

    private final Map<ServiceRegistration<?>, Registered> live = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private volatile Consumer<Registered> onRegister = r -> {
    };
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                if ("registerService".equals(method.getName())) {
                    return register((Dictionary<?, ?>) args[2], args[1]);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    BundleContext context() {
        return context;
    }

    /** Runs during each registration, before it returns, like a synchronous service event. */
    void onRegister(Consumer<Registered> action) {
        onRegister = action;
    }

    List<Registered> live() {
        synchronized (live) {
            return new ArrayList<>(live.values());
        }
    }

    List<String> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    void clearEvents() {
        events.clear();
    }

    private ServiceRegistration<?> register(Dictionary<?, ?> properties, Object service) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Object key : Collections.list(properties.keys())) {
            copy.put((String) key, properties.get(key));
        }
        Registered registered = new Registered(
                (String) copy.get(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME), copy, service);
        ServiceRegistration<?>[] self = new ServiceRegistration<?>[1];
        self[0] = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "unregister":
                        if (live.remove(self[0]) == null) {
                            events.add("!" + registered.name());
                            throw new IllegalStateException("already unregistered: " + registered.name());
                        }
                        events.add("-" + registered.name());
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
        live.put(self[0], registered);
        events.add("+" + registered.name());
        onRegister.accept(registered);
        return self[0];
    }
}
