package io.github.fpauth.core.manager;

import javax.servlet.ServletRequest;

/**
 * The manager a request was resolved with, kept in a request attribute so that everything the
 * core does for that request (guards, the page layout's user menu) uses the same one.
 */
public final class RequestManager {

    private static final String ATTRIBUTE = RequestManager.class.getName();

    private RequestManager() {
    }

    public static void set(ServletRequest request, ManagerEntry manager) {
        if (manager == null) {
            request.removeAttribute(ATTRIBUTE);
        } else {
            request.setAttribute(ATTRIBUTE, manager);
        }
    }

    /** The request's manager, or null when none was active for it. */
    public static ManagerEntry of(ServletRequest request) {
        Object manager = request.getAttribute(ATTRIBUTE);
        return manager instanceof ManagerEntry ? (ManagerEntry) manager : null;
    }
}
