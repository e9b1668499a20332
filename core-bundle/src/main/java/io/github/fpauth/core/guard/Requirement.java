package io.github.fpauth.core.guard;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.fpauth.api.route.RouteRequirements;

/** What a route requires: an authenticated user, holding every one of {@link #roles()}. */
public final class Requirement {

    private final Set<String> roles;

    private Requirement(Set<String> roles) {
        this.roles = roles;
    }

    public static Requirement authenticated() {
        return new Requirement(Set.of());
    }

    public static Requirement roles(Collection<String> roles) {
        return new Requirement(Set.copyOf(new TreeSet<>(roles)));
    }

    /**
     * Reads the requirement declared by a service's properties, or null when it declares none.
     * A role property that cannot be read still requires authentication: when in doubt, deny.
     */
    public static Requirement fromServiceProperties(Map<String, ?> properties) {
        Object auth = properties.get(RouteRequirements.REQUIRE_AUTHENTICATION);
        Object role = properties.get(RouteRequirements.REQUIRE_ROLE);
        Set<String> roles = new TreeSet<>();
        if (role instanceof String) {
            addRole(roles, (String) role);
        } else if (role instanceof String[]) {
            for (String r : (String[]) role) {
                addRole(roles, r);
            }
        } else if (role instanceof Collection) {
            for (Object r : (Collection<?>) role) {
                addRole(roles, String.valueOf(r));
            }
        }
        if (!roles.isEmpty()) {
            return roles(roles);
        }
        if (role != null || auth != null && !"false".equalsIgnoreCase(String.valueOf(auth).trim())) {
            return authenticated();
        }
        return null;
    }

    private static void addRole(Set<String> roles, String role) {
        if (role != null && !role.isBlank()) {
            roles.add(role.trim());
        }
    }

    public Set<String> roles() {
        return roles;
    }

    @Override
    public String toString() {
        return roles.isEmpty() ? "authenticated" : "roles " + roles;
    }
}
