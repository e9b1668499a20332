package io.github.fpauth.core.guard;

/**
 * Where fpauth's whiteboard filters sit. Service rankings: the whiteboard runs higher rankings first, so:
 * the user is resolved before any guard, and both before the application's own filters.
 */
final class WhiteboardPlacement {

    static final int CURRENT_USER = Integer.MAX_VALUE - 1000;
    static final int GUARD = Integer.MAX_VALUE - 2000;

    /**
     * Every whiteboard context, and the contexts of servlets registered through the Http Service
     * (whiteboard specification 140.10), so that no servlet escapes fpauth by the way it was registered.
     */
    static final String ALL_CONTEXTS = "(|(osgi.http.whiteboard.context.name=*)"
            + "(osgi.http.whiteboard.context.httpservice=*))";

    private WhiteboardPlacement() {
    }
}
