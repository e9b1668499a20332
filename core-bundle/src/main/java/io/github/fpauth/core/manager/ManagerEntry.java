package io.github.fpauth.core.manager;

import java.util.Comparator;

import io.github.fpauth.api.AuthManager;

/** One registered {@link AuthManager} service, with what selection needs to know of it. */
public final class ManagerEntry {

    /** OSGi service order: highest ranking first, then oldest service (lowest id) first. */
    static final Comparator<ManagerEntry> SERVICE_ORDER = Comparator
            .comparingInt((ManagerEntry e) -> e.ranking).reversed()
            .thenComparingLong(e -> e.serviceId);

    private final AuthManager manager;
    private final String name;
    private final int ranking;
    private final long serviceId;

    ManagerEntry(AuthManager manager, String name, int ranking, long serviceId) {
        this.manager = manager;
        this.name = name;
        this.ranking = ranking;
        this.serviceId = serviceId;
    }

    public AuthManager manager() {
        return manager;
    }

    public String name() {
        return name;
    }

    public int ranking() {
        return ranking;
    }

    public long serviceId() {
        return serviceId;
    }

    @Override
    public String toString() {
        return name + " (service " + serviceId + ", ranking " + ranking + ")";
    }
}
