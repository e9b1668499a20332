package io.github.fpauth.user.spi;

import java.util.List;
import java.util.Objects;

/** One stored account. The store keeps the values as given; auth-user validates them. */
public final class UserRow {

    private final String name;
    private final String displayName;
    private final List<String> roles;
    private final boolean enabled;
    private final String passwordHash;

    public UserRow(String name, String displayName, List<String> roles, boolean enabled, String passwordHash) {
        this.name = Objects.requireNonNull(name, "name");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.roles = List.copyOf(roles);
        this.enabled = enabled;
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public String name() {
        return name;
    }

    public String displayName() {
        return displayName;
    }

    /** Sorted. */
    public List<String> roles() {
        return roles;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The password hash in auth-user's self-describing format. */
    public String passwordHash() {
        return passwordHash;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof UserRow)) {
            return false;
        }
        UserRow that = (UserRow) other;
        return name.equals(that.name) && displayName.equals(that.displayName) && roles.equals(that.roles)
                && enabled == that.enabled && passwordHash.equals(that.passwordHash);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Without the password hash. */
    @Override
    public String toString() {
        return "UserRow[" + name + ", roles=" + roles + (enabled ? "" : ", disabled") + "]";
    }
}
