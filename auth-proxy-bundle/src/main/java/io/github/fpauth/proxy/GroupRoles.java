package io.github.fpauth.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which roles a user's proxy groups give: the configured {@code group=role} entries, and optionally every group. */
final class GroupRoles {

    private final Map<String, Set<String>> mapping;
    private final boolean groupsAsRoles;

    private GroupRoles(Map<String, Set<String>> mapping, boolean groupsAsRoles) {
        this.mapping = mapping;
        this.groupsAsRoles = groupsAsRoles;
    }

    /** Parses {@code group=role} entries; an entry may list several, separated by commas. */
    static GroupRoles parse(String[] entries, boolean groupsAsRoles) {
        Map<String, Set<String>> mapping = new HashMap<>();
        List<String> all = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            all.addAll(List.of(entry == null ? new String[0] : entry.split(",")));
        }
        for (String entry : all) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String group = eq < 0 ? "" : entry.substring(0, eq).trim();
            String role = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (group.isEmpty() || role.isEmpty()) {
                throw new IllegalArgumentException("not a group=role entry: " + entry);
            }
            mapping.computeIfAbsent(group, g -> new TreeSet<>()).add(role);
        }
        mapping.replaceAll((group, roles) -> Set.copyOf(roles));
        return new GroupRoles(Map.copyOf(mapping), groupsAsRoles);
    }

    /** The roles of a user in {@code groups}. */
    Set<String> roles(Iterable<String> groups) {
        Set<String> roles = new TreeSet<>();
        for (String group : groups) {
            roles.addAll(mapping.getOrDefault(group, Set.of()));
            if (groupsAsRoles) {
                roles.add(group);
            }
        }
        return roles;
    }
}
