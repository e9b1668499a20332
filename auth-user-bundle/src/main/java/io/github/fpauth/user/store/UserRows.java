package io.github.fpauth.user.store;

import java.util.List;

import org.slf4j.Logger;

import io.github.fpauth.user.spi.UserRow;

/** {@link User} to and from the shared store's {@link UserRow}. */
final class UserRows {

    private UserRows() {
    }

    static UserRow row(User user) {
        return new UserRow(user.name(), user.displayName(), List.copyOf(user.roles()), user.isEnabled(),
                user.passwordHash(), user.secondFactor(), user.email(), List.copyOf(user.linkedIdentities()));
    }

    /** @throws IllegalArgumentException when the row is not a valid user */
    static User user(UserRow row) {
        return User.create(row.name(), row.displayName(), row.roles(), row.enabled(), row.passwordHash(),
                row.secondFactor().orElse(null), row.email().orElse(null), row.linkedIdentities());
    }

    /** The user, else {@code null} (logged): an invalid row is no account, so it lets nobody in. */
    static User userOrNull(UserRow row, Logger log) {
        try {
            return user(row);
        } catch (IllegalArgumentException e) {
            log.error("Ignoring user '{}' of the shared store: {}", UserNames.printable(row.name()), e.getMessage());
            return null;
        }
    }

    /** Same stored values; the credential generation is not one of them. */
    static boolean sameContent(User a, User b) {
        return a.name().equals(b.name()) && a.displayName().equals(b.displayName()) && a.roles().equals(b.roles())
                && a.isEnabled() == b.isEnabled() && a.passwordHash().equals(b.passwordHash())
                && java.util.Objects.equals(a.secondFactor(), b.secondFactor())
                && java.util.Objects.equals(a.email(), b.email())
                && a.linkedIdentities().equals(b.linkedIdentities());
    }
}
