package io.github.fpauth.core.guard;

/**
 * Service rankings of fpauth's whiteboard filters: the whiteboard runs higher rankings first, so
 * the user is resolved before any guard, and both before the application's own filters.
 */
final class FilterOrder {

    static final int CURRENT_USER = Integer.MAX_VALUE - 1000;
    static final int GUARD = Integer.MAX_VALUE - 2000;

    private FilterOrder() {
    }
}
