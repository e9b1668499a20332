package io.github.fpauth.core.manager;

import javax.servlet.ServletRequest;

/**
 * The manager a request was resolved with, kept in a request attribute so that everything the
 * core does for that request (guards, the page layout's user menu) uses the same one.
 */
public final class RequestManager {

    /** The request attribute; answered by the core's request wrapper, never stored. */
    public static final String ATTRIBUTE = RequestManager.class.getName();

    private RequestManager() {
    }

    /** The request's manager, or null when none was active for it. */
    public static ManagerEntry of(ServletRequest request) {
        Object manager = request.getAttribute(ATTRIBUTE);
        return manager instanceof ManagerEntry ? (ManagerEntry) manager : null;
    }
}
