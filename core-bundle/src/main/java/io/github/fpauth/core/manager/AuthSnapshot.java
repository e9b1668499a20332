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

    /** The default of {@link CoreConfiguration#authenticationTimeoutMillis()}. */
    static final long DEFAULT_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    static final AuthSnapshot EMPTY = new AuthSnapshot(List.of(), null, false, DEFAULT_TIMEOUT_NANOS);

    private final List<ManagerEntry> managers;
    private final ManagerEntry active;
    private final String configuredManager;
    private final boolean strict;
    private final long timeoutNanos;

    private AuthSnapshot(List<ManagerEntry> managers, String configuredManager, boolean strict, long timeoutNanos) {
        this.managers = managers;
        this.configuredManager = configuredManager;
        this.strict = strict;
        this.timeoutNanos = timeoutNanos;
        this.active = select(managers, configuredManager);
    }

    /** Builds the snapshot for these managers and settings; {@code configuredManager} null or empty: none. */
    static AuthSnapshot of(List<ManagerEntry> managers, String configuredManager, boolean strict) {
        return of(managers, configuredManager, strict, DEFAULT_TIMEOUT_NANOS);
    }

    static AuthSnapshot of(List<ManagerEntry> managers, String configuredManager, boolean strict, long timeoutNanos) {
        List<ManagerEntry> ordered = new ArrayList<>(managers);
        ordered.sort(ManagerEntry.SERVICE_ORDER);
        String configured = configuredManager == null || configuredManager.isBlank() ? null : configuredManager.trim();
        return new AuthSnapshot(List.copyOf(ordered), configured, strict, Math.max(1, timeoutNanos));
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

    /** How long a manager's authenticate() may take before its answer is refused. */
    public long authenticationTimeoutNanos() {
        return timeoutNanos;
    }

    /** The manager behind this service id is still registered (it may not be the active one). */
    public boolean isRegistered(ManagerEntry manager) {
        for (ManagerEntry entry : managers) {
            if (entry.serviceId() == manager.serviceId()) {
                return true;
            }
        }
        return false;
    }

    /**
     * No manager is active but requirements must not be waived: strict mode, or a configured
     * manager that is not there (using another one, or none, would override the operator).
     */
    public boolean isFailingClosed() {
        return active == null && (strict || configuredManager != null);
    }

    AuthSnapshot withManagers(List<ManagerEntry> newManagers) {
        return of(newManagers, configuredManager, strict, timeoutNanos);
    }

    AuthSnapshot withSettings(String newConfiguredManager, boolean newStrict, long newTimeoutNanos) {
        return of(managers, newConfiguredManager, newStrict, newTimeoutNanos);
    }
}
