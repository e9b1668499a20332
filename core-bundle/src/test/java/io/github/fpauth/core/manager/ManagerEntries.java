package io.github.fpauth.core.manager;

import io.github.fpauth.api.AuthManager;

/** Builds {@link ManagerEntry} values for tests in other packages. */
public final class ManagerEntries {

    private ManagerEntries() {
    }

    public static ManagerEntry of(AuthManager manager) {
        return new ManagerEntry(manager, manager.name(), 0, 1);
    }
}
