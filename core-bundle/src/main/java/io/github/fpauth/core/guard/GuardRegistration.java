package io.github.fpauth.core.guard;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import javax.servlet.Filter;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * Registers a {@link RequirementFilter} with the HTTP whiteboard for a set of URL patterns (or
 * regular expressions) in the contexts a filter selects. The whiteboard then routes exactly the
 * requests that match those patterns through the guard, with the same matching rules it uses to
 * pick the servlet: fpauth never re-implements path matching.
 */
final class GuardRegistration {

    private final ServiceRegistration<Filter> registration;

    private GuardRegistration(ServiceRegistration<Filter> registration) {
        this.registration = registration;
    }

    /**
     * Which requests a guard sees, in the whiteboard's own terms.
     *
     * @param patterns      whiteboard URL patterns
     * @param regex         whiteboard regular expressions
     * @param servletNames  names of the servlets whose requests are guarded
     * @param contextSelect the LDAP filter selecting the whiteboard contexts
     * @param target        the {@code osgi.http.whiteboard.target} to copy, or null
     */
    record Target(String[] patterns, String[] regex, String[] servletNames, String contextSelect, Object target) {
    }

    static GuardRegistration register(BundleContext context, String name, Requirement requirement,
            RequestAuthenticator authenticator, Target target) {
        Hashtable<String, Object> props = new Hashtable<>(properties(name, requirement, target));
        // Prototype scope: every whiteboard context gets its own filter instance.
        PrototypeServiceFactory<Filter> factory = new PrototypeServiceFactory<>() {
            @Override
            public Filter getService(Bundle bundle, ServiceRegistration<Filter> reg) {
                return new RequirementFilter(requirement, authenticator);
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Filter> reg, Filter service) {
                // stateless
            }
        };
        return new GuardRegistration(context.registerService(Filter.class, factory, props));
    }

    /** The whiteboard service properties of the guard named {@code name} enforcing {@code requirement} on {@code target}. */
    static Map<String, Object> properties(String name, Requirement requirement, Target target) {
        Map<String, Object> props = new HashMap<>();
        if (target.patterns().length > 0) {
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, target.patterns());
        }
        if (target.regex().length > 0) {
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_REGEX, target.regex());
        }
        if (target.servletNames().length > 0) {
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_SERVLET, target.servletNames());
        }
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, target.contextSelect());
        if (target.target() != null) {
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, target.target());
        }
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, name);
        // A forward or include to a guarded servlet is guarded too.
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_DISPATCHER, new String[] {
            HttpWhiteboardConstants.DISPATCHER_REQUEST, HttpWhiteboardConstants.DISPATCHER_FORWARD,
            HttpWhiteboardConstants.DISPATCHER_INCLUDE, HttpWhiteboardConstants.DISPATCHER_ASYNC });
        props.put(Constants.SERVICE_RANKING, WhiteboardPlacement.GUARD);
        props.put(Constants.SERVICE_DESCRIPTION, "fpauth guard (" + requirement + ")");
        return props;
    }

    void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping: the framework has unregistered it already
        }
    }
}
