package io.github.fpauth.core.guard;

/**
 * Where fpauth sits in the whiteboard. Service rankings: the whiteboard runs higher rankings first,
 * so: the request firewall refuses ambiguous paths before any credential is looked at, then the
 * user is resolved (both preprocessors); guards run before the application's own filters.
 */
public final class WhiteboardPlacement {

    /** The request firewall's preprocessor ranking. */
    public static final int FIREWALL = Integer.MAX_VALUE - 500;
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
