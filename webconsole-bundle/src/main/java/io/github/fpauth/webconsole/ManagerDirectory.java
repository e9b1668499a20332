package io.github.fpauth.webconsole;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.fpauth.api.AuthManager;

/**
 * The registered {@link AuthManager} services by {@link AuthManager#name()}. Written when a
 * manager comes or goes (rare, synchronized), read on every console request (lock-free: a
 * volatile immutable map).
 */
final class ManagerDirectory {

    private volatile Map<String, AuthManager> byName = Map.of();

    synchronized void add(AuthManager manager) {
        Map<String, AuthManager> next = new HashMap<>(byName);
        next.put(manager.name(), manager);
        byName = Map.copyOf(next);
    }

    synchronized void remove(AuthManager manager) {
        // Only this very manager: another one registered under the same name stays.
        if (byName.get(manager.name()) == manager) {
            Map<String, AuthManager> next = new HashMap<>(byName);
            next.remove(manager.name());
            byName = Map.copyOf(next);
        }
    }

    Optional<AuthManager> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
