package io.github.fpauth.jaas;

import java.security.Principal;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.github.fpauth.api.Roles;

/**
 * Turns the principals of a JAAS subject into fpauth roles: the principals of the configured
 * role classes are roles, the configured admin role becomes {@link Roles#ADMIN}, every other
 * role passes through as is.
 *
 * <p>The admin role is the only way to {@link Roles#ADMIN}: a realm role literally named
 * {@code fp_admin} is dropped unless it is the configured admin role, so whoever edits the realm
 * cannot grant fpauth admin by accident.
 */
final class RoleMapping {

    private final String adminRole;
    private final Set<String> roleClasses;

    RoleMapping(String adminRole, Collection<String> roleClasses) {
        this.adminRole = adminRole;
        this.roleClasses = Set.copyOf(roleClasses);
    }

    Set<String> roles(Collection<? extends Principal> principals) {
        Set<String> roles = new TreeSet<>();
        for (Principal principal : principals) {
            if (!roleClasses.contains(principal.getClass().getName())) {
                continue;
            }
            String role = principal.getName();
            if (role == null || role.isBlank() || hasControlCharacter(role)) {
                continue;
            }
            if (role.equals(adminRole)) {
                roles.add(Roles.ADMIN);
            } else if (!role.equals(Roles.ADMIN)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
