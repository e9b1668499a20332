package io.github.fpauth.api;

import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who made a request: the user shape fpauth's core and plugins rely on (FastPluggy's
 * {@code current_user}).
 *
 * <p>A final value type on purpose: {@link #isAdmin()} is true exactly when the user holds
 * {@link Roles#ADMIN}, and no manager can hand out a user whose flags disagree with its roles.
 * The anonymous user is {@link #ANONYMOUS}; the current user is never {@code null}.
 */
public final class AuthUser implements Principal {

    /** The user of every request that is not authenticated (FastPluggy's {@code FPAnonymousUser}). */
    public static final AuthUser ANONYMOUS = new AuthUser("anonymous", "Anonymous", Set.of(), null, false);

    private final String name;
    private final String displayName;
    private final Set<String> roles;
    private final String profilePicture;
    private final boolean authenticated;

    private AuthUser(String name, String displayName, Set<String> roles, String profilePicture,
            boolean authenticated) {
        this.name = name;
        this.displayName = displayName;
        this.roles = roles;
        this.profilePicture = profilePicture;
        this.authenticated = authenticated;
    }

    /** An authenticated user with the given login name and roles, displayed by its name. */
    public static AuthUser of(String name, String... roles) {
        return builder(name).roles(Set.of(roles)).build();
    }

    /** Starts an authenticated user with the given login name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The unique login name; {@code "anonymous"} for {@link #ANONYMOUS}. */
    @Override
    public String getName() {
        return name;
    }

    /** The name to show people, e.g. in the top bar's user menu. */
    public String displayName() {
        return displayName;
    }

    /** The roles the user holds, sorted, unmodifiable; empty for {@link #ANONYMOUS}. */
    public Set<String> roles() {
        return roles;
    }

    /** {@code false} for {@link #ANONYMOUS} only. */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /** True exactly when the user holds {@link Roles#ADMIN}. */
    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The URL of the user's picture, when the manager knows one. */
    public Optional<String> profilePicture() {
        return Optional.ofNullable(profilePicture);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuthUser)) {
            return false;
        }
        AuthUser other = (AuthUser) o;
        return authenticated == other.authenticated && name.equals(other.name)
                && displayName.equals(other.displayName) && roles.equals(other.roles)
                && Objects.equals(profilePicture, other.profilePicture);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, displayName, roles, profilePicture, authenticated);
    }

    @Override
    public String toString() {
        return authenticated ? "AuthUser[" + name + ", roles=" + roles + "]" : "AuthUser[anonymous]";
    }

    /** Builds an authenticated {@link AuthUser}. */
    public static final class Builder {
        private final String name;
        private String displayName;
        private final Set<String> roles = new TreeSet<>();
        private String profilePicture;

        private Builder(String name) {
            this.name = requireText(name, "name");
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder roles(Collection<String> roles) {
            for (String role : roles) {
                this.roles.add(requireText(role, "role"));
            }
            return this;
        }

        public Builder role(String role) {
            this.roles.add(requireText(role, "role"));
            return this;
        }

        public Builder profilePicture(String profilePicture) {
            this.profilePicture = profilePicture == null || profilePicture.isBlank() ? null : profilePicture;
            return this;
        }

        public AuthUser build() {
            String shown = displayName == null || displayName.isBlank() ? name : displayName;
            return new AuthUser(name, shown, Collections.unmodifiableSet(new TreeSet<>(roles)), profilePicture,
                    true);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a user's " + what + " must not be empty");
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw new IllegalArgumentException("a user's " + what + " must not hold control characters");
                }
            }
            return value;
        }
    }
}
