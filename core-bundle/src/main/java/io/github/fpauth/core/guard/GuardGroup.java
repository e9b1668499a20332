package io.github.fpauth.core.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The servlets that share one {@link GuardKey}, and the one guard filter that covers the union of
 * their patterns and servlet names. The whiteboard walks every filter of a context on every request,
 * public ones included, so one filter per group instead of one per servlet keeps that walk short.
 * Not thread-safe: {@link ServletGuards} serializes its calls.
 */
final class GuardGroup {

    /** Registers a guard filter for a group's key and union. */
    @FunctionalInterface
    interface Registrar {
        GuardRegistration register(GuardKey key, String[] patterns, String[] servletNames);
    }

    /** The requests one filter guards: compared by content to tell whether the filter must change. */
    private record Union(List<String> patterns, List<String> servletNames) {
    }

    private final GuardKey key;
    private final Map<Long, ServletGuard> members = new TreeMap<>();
    private GuardRegistration registration;
    private Union registered;

    GuardGroup(GuardKey key) {
        this.key = key;
    }

    void put(long servletId, ServletGuard guard) {
        members.put(servletId, guard);
    }

    void remove(long servletId) {
        members.remove(servletId);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * Brings the filter in line with the members: the new filter is registered before the old one
     * goes, so no member is unguarded in between (a request may pass both: the same requirement
     * twice). No member left, no filter.
     */
    void refresh(Registrar registrar) {
        Union wanted = union();
        if (Objects.equals(wanted, registered)) {
            return;
        }
        GuardRegistration fresh = wanted == null ? null
                : registrar.register(key, wanted.patterns().toArray(new String[0]),
                        wanted.servletNames().toArray(new String[0]));
        if (!Objects.equals(wanted, union())) {
            // The members changed during the registration's service event, in this thread: that
            // change refreshed the group already, with the current members; this filter is stale.
            if (fresh != null) {
                fresh.unregister();
            }
            return;
        }
        GuardRegistration old = registration;
        registration = fresh;
        registered = wanted;
        if (old != null) {
            old.unregister();
        }
    }

    void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
            registered = null;
        }
    }

    private Union union() {
        if (members.isEmpty()) {
            return null;
        }
        Set<String> patterns = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (ServletGuard member : members.values()) {
            patterns.addAll(member.patterns());
            names.addAll(member.servletNames());
        }
        return new Union(new ArrayList<>(patterns), new ArrayList<>(names));
    }
}
