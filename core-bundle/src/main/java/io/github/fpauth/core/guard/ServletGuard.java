package io.github.fpauth.core.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one whiteboard servlet asks to be guarded: the patterns and servlet names of its requests,
 * and the {@link GuardKey} of the guard they can share with other servlets.
 *
 * @param key          what the guard must share with other servlets' guards
 * @param patterns     whiteboard URL patterns to guard
 * @param servletNames servlet names whose requests to guard
 */
record ServletGuard(GuardKey key, List<String> patterns, List<String> servletNames) {

    private static final Logger LOG = LoggerFactory.getLogger(ServletGuard.class);

    private static final String DEFAULT_CONTEXT_SELECT = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
            + "=" + HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME + ")";

    private static final String DEFAULT_SERVLET_PATTERN = "/";

    /** What a servlet service asks to be guarded, or null when it declares no requirement or has nothing to guard. */
    static ServletGuard of(ServiceReference<?> servlet) {
        Requirement requirement = Requirement.fromServiceProperties(properties(servlet));
        if (requirement == null) {
            return null;
        }
        long id = serviceId(servlet);
        List<String> patterns = new ArrayList<>(
                Arrays.asList(strings(servlet.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN))));
        List<String> names = Arrays.asList(
                strings(servlet.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME)));
        if (patterns.contains(DEFAULT_SERVLET_PATTERN) && !names.isEmpty()) {
            // A filter on "/" would match every request of the context, not only those that reach
            // this default servlet: target the servlet by its name instead.
            patterns.removeIf(DEFAULT_SERVLET_PATTERN::equals);
        } else if (patterns.contains(DEFAULT_SERVLET_PATTERN)) {
            LOG.warn("Servlet service {} is a default servlet (\"/\") without {}: its guard applies to every request "
                    + "of its context; name the servlet to guard it alone",
                    id, HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME);
        }
        if (patterns.isEmpty() && names.isEmpty()) {
            LOG.warn("Servlet service {} declares {} but has no pattern or name to guard", id, requirement);
            return null;
        }
        Object select = servlet.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT);
        // One malformed pattern or missing name makes the whiteboard refuse the whole filter: such a
        // servlet keeps a guard of its own, so that it can never leave other servlets unguarded.
        boolean shareable = patterns.stream().allMatch(UrlPattern::isWellFormed)
                && names.stream().allMatch(Objects::nonNull);
        GuardKey key = new GuardKey(requirement, select instanceof String ? (String) select : DEFAULT_CONTEXT_SELECT,
                servlet.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET), shareable ? null : id);
        return new ServletGuard(key, Collections.unmodifiableList(patterns), Collections.unmodifiableList(names));
    }

    static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            props.put(key, ref.getProperty(key));
        }
        return props;
    }

    static String[] strings(Object value) {
        if (value instanceof String) {
            return new String[] { (String) value };
        }
        if (value instanceof String[]) {
            return ((String[]) value).clone();
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[0];
    }
}
