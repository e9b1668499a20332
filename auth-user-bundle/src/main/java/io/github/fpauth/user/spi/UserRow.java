package io.github.fpauth.user.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored account. The store keeps the values as given; auth-user validates them.
 *
 * <p>The second factor is one opaque text value in auth-user's own format (its secret sealed with
 * a key the store never sees), or absent: a store keeps it as it keeps the password hash, and
 * changes it in the same transaction as the rest of the row. The email address is where
 * password-reset mail goes; absent for none.
 */
public final class UserRow {

    private final String name;
    private final String displayName;
    private final List<String> roles;
    private final boolean enabled;
    private final String passwordHash;
    private final String secondFactor;
    private final String email;
    private final List<String> linkedIdentities;

    /** An account without a second factor. */
    public UserRow(String name, String displayName, List<String> roles, boolean enabled, String passwordHash) {
        this(name, displayName, roles, enabled, passwordHash, null);
    }

    /** @param secondFactor {@code null} for none */
    public UserRow(String name, String displayName, List<String> roles, boolean enabled, String passwordHash,
            String secondFactor) {
        this(name, displayName, roles, enabled, passwordHash, secondFactor, null);
    }

    /** @param secondFactor {@code null} for none; @param email {@code null} for none */
    public UserRow(String name, String displayName, List<String> roles, boolean enabled, String passwordHash,
            String secondFactor, String email) {
        this(name, displayName, roles, enabled, passwordHash, secondFactor, email, List.of());
    }

    /**
     * @param secondFactor {@code null} for none; @param email {@code null} for none
     * @param linkedIdentities the other providers' accounts that sign in as this one, each
     *        {@code provider:subject}, sorted
     * @since 1.2
     */
    public UserRow(String name, String displayName, List<String> roles, boolean enabled, String passwordHash,
            String secondFactor, String email, List<String> linkedIdentities) {
        this.name = Objects.requireNonNull(name, "name");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.roles = List.copyOf(roles);
        this.enabled = enabled;
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
        this.secondFactor = secondFactor;
        this.email = email;
        this.linkedIdentities = List.copyOf(linkedIdentities);
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

    /** The second factor in auth-user's format, sealed; empty when the account has none. */
    public Optional<String> secondFactor() {
        return Optional.ofNullable(secondFactor);
    }

    /** Where password-reset mail goes; empty when none. */
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /**
     * The other identity providers' accounts that sign in as this one, each {@code provider:subject};
     * sorted, empty when none.
     *
     * @since 1.2
     */
    public List<String> linkedIdentities() {
        return linkedIdentities;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof UserRow)) {
            return false;
        }
        UserRow that = (UserRow) other;
        return name.equals(that.name) && displayName.equals(that.displayName) && roles.equals(that.roles)
                && enabled == that.enabled && passwordHash.equals(that.passwordHash)
                && Objects.equals(secondFactor, that.secondFactor) && Objects.equals(email, that.email)
                && linkedIdentities.equals(that.linkedIdentities);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Without the password hash or the second factor. */
    @Override
    public String toString() {
        return "UserRow[" + name + ", roles=" + roles + (enabled ? "" : ", disabled")
                + (secondFactor == null ? "" : ", second factor") + "]";
    }
}
