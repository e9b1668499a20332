package io.github.fpauth.core.guard;

/**
 * Where fpauth sits in the whiteboard. Service rankings: the whiteboard runs higher rankings first,
 * so: fpauth's preprocessor (the request firewall, then the current user) before other
 * preprocessors; guards before the application's own filters.
 */
public final class WhiteboardPlacement {

    static final int PREPROCESSOR = io.github.fpauth.core.spi.RouteGuards.PREPROCESSOR_RANKING;
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
