package io.github.fpauth.core.manager;

import java.util.Map;

import org.osgi.framework.Constants;

import io.github.fpauth.api.AuthManager;

/** Builds the core's registry as Declarative Services would, for benchmarks without OSGi. */
public final class BenchRegistries {

    private BenchRegistries() {
    }

    /** A registry with that manager bound (as service 1, ranking 0), or with none when null. */
    public static AuthManagerRegistry with(AuthManager manager) {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        if (manager != null) {
            registry.bindManager(manager, Map.of(Constants.SERVICE_ID, 1L, Constants.SERVICE_RANKING, 0));
        }
        return registry;
    }
}
