package io.github.fpauth.core.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable view of the registered managers and the core's settings. The request path reads
 * the current snapshot once per request, without a lock, and uses that one snapshot from start
 * to end: a swap never changes the manager under a request.
 */
public final class AuthSnapshot {

    static final AuthSnapshot EMPTY = new AuthSnapshot(List.of(), null, false);

    private final List<ManagerEntry> managers;
    private final ManagerEntry active;
    private final String configuredManager;
    private final boolean strict;

    private AuthSnapshot(List<ManagerEntry> managers, String configuredManager, boolean strict) {
        this.managers = managers;
        this.configuredManager = configuredManager;
        this.strict = strict;
        this.active = select(managers, configuredManager);
    }

    /** Builds the snapshot for these managers and settings; {@code configuredManager} null or empty: none. */
    static AuthSnapshot of(List<ManagerEntry> managers, String configuredManager, boolean strict) {
        List<ManagerEntry> ordered = new ArrayList<>(managers);
        ordered.sort(ManagerEntry.SERVICE_ORDER);
        String configured = configuredManager == null || configuredManager.isBlank() ? null : configuredManager.trim();
        return new AuthSnapshot(List.copyOf(ordered), configured, strict);
    }

    private static ManagerEntry select(List<ManagerEntry> ordered, String configured) {
        for (ManagerEntry entry : ordered) {
            if (configured == null || configured.equals(entry.name())) {
                return entry;
            }
        }
        return null;
    }

    /** The manager that authenticates requests, if any. */
    public Optional<ManagerEntry> active() {
        return Optional.ofNullable(active);
    }

    /** The active manager or null: for the request path, which avoids the Optional. */
    public ManagerEntry activeOrNull() {
        return active;
    }

    /** Every registered manager, highest ranking first. */
    public List<ManagerEntry> managers() {
        return managers;
    }

    public Optional<String> configuredManager() {
        return Optional.ofNullable(configuredManager);
    }

    public boolean isStrict() {
        return strict;
    }

    /**
     * No manager is active but requirements must not be waived: strict mode, or a configured
     * manager that is not there (using another one, or none, would override the operator).
     */
    public boolean isFailingClosed() {
        return active == null && (strict || configuredManager != null);
    }

    AuthSnapshot withManagers(List<ManagerEntry> newManagers) {
        return of(newManagers, configuredManager, strict);
    }

    AuthSnapshot withSettings(String newConfiguredManager, boolean newStrict) {
        return of(managers, newConfiguredManager, newStrict);
    }
}
