package io.github.fpauth.core.spi;

import java.util.Map;
import java.util.Optional;

import javax.servlet.Filter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's filters, for a whiteboard adapter to register on its own whiteboard (a service of the
 * core). The properties of servlets and filters mean the same on the Http Whiteboard and the
 * Jakarta Servlet Whiteboard (both use the {@code osgi.http.whiteboard.*} names), so the
 * placement the core computes holds on either.
 */
@ProviderType
public interface RouteGuards {

    /**
     * The service ranking of fpauth's preprocessors: before other preprocessors, so that the
     * firewall refuses an ambiguous request before anything else reads it.
     */
    int PREPROCESSOR_RANKING = Integer.MAX_VALUE - 500;

    /**
     * The filter of the core's preprocessor: refuses an ambiguous request (the request firewall),
     * then resolves the current user of every other one. It passes on a request it finds already
     * resolved by another fpauth filter, without resolving it twice.
     */
    Filter currentUserFilter();

    /**
     * The guard of the servlet registered with {@code servletProperties}, or empty when they
     * declare no requirement, or nothing a filter could target.
     */
    Optional<Guard> guardFor(Map<String, ?> servletProperties);

    /** A guard: the filter to register and its whiteboard service properties. */
    interface Guard {

        /**
         * The filter's service properties: patterns or servlet names, context selection, target,
         * dispatcher types, ranking, name.
         */
        Map<String, Object> properties();

        /** A new filter instance (one per whiteboard context that gets the filter). */
        Filter newFilter();
    }
}
