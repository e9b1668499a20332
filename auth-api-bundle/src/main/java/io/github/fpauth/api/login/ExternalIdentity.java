package io.github.fpauth.api.login;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person as another identity provider vouched for them: who they are there (provider and
 * subject, the provider's own identifier that never changes hands), what they would like to be
 * called here, and the roles the provider decides on.
 *
 * <p>The provider manages the roles in {@link #managedRoles()}: after each sign-in the local user
 * holds exactly those of them listed in {@link #roles()}; other roles, given locally, stay as they are.
 */
public final class ExternalIdentity {

    private final String provider;
    private final String subject;
    private final String preferredName;
    private final String displayName;
    private final String email;
    private final boolean emailVerified;
    private final Set<String> roles;
    private final Set<String> managedRoles;
    private final boolean linkByVerifiedEmail;

    private ExternalIdentity(Builder builder) {
        this.provider = requireText(builder.provider, "provider");
        this.subject = requireText(builder.subject, "subject");
        this.preferredName = builder.preferredName;
        this.displayName = builder.displayName;
        this.email = builder.email;
        this.emailVerified = builder.email != null && builder.emailVerified;
        this.managedRoles = Collections.unmodifiableSet(new TreeSet<>(builder.managedRoles));
        TreeSet<String> held = new TreeSet<>(builder.roles);
        if (!managedRoles.containsAll(held)) {
            held.removeAll(managedRoles);
            throw new IllegalArgumentException("roles not managed by the provider: " + held);
        }
        this.roles = Collections.unmodifiableSet(held);
        this.linkByVerifiedEmail = builder.linkByVerifiedEmail;
    }

    /** @param provider the {@link LoginProvider#name()} of the provider that vouched */
    public static Builder builder(String provider, String subject) {
        return new Builder(provider, subject);
    }

    /** The {@link LoginProvider#name()} of the provider that vouched. */
    public String provider() {
        return provider;
    }

    /** The provider's identifier of the person (OpenID Connect's {@code sub}). */
    public String subject() {
        return subject;
    }

    /** The user name the person would like for a new local account (e.g. {@code preferred_username}). */
    public Optional<String> preferredName() {
        return Optional.ofNullable(preferredName);
    }

    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /** Whether the provider says it checked that the person receives mail at {@link #email()}. */
    public boolean isEmailVerified() {
        return emailVerified;
    }

    /** The roles the person holds by the provider's word; all of them in {@link #managedRoles()}. Sorted. */
    public Set<String> roles() {
        return roles;
    }

    /** The roles the provider decides on (given or taken at each sign-in). Sorted. */
    public Set<String> managedRoles() {
        return managedRoles;
    }

    /**
     * Whether a first sign-in may link to an existing local user with the same, verified email
     * address. Off unless the provider's configuration says so: whoever controls an address at a
     * careless provider would otherwise take over the local account.
     */
    public boolean linkByVerifiedEmail() {
        return linkByVerifiedEmail;
    }

    @Override
    public String toString() {
        return "ExternalIdentity[" + provider + ":" + subject + ", roles=" + roles + "]";
    }

    private static String requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    /** Builds an {@link ExternalIdentity}; everything but provider and subject is optional. */
    public static final class Builder {
        private final String provider;
        private final String subject;
        private String preferredName;
        private String displayName;
        private String email;
        private boolean emailVerified;
        private Collection<String> roles = Set.of();
        private Collection<String> managedRoles = Set.of();
        private boolean linkByVerifiedEmail;

        private Builder(String provider, String subject) {
            this.provider = provider;
            this.subject = subject;
        }

        public Builder preferredName(String name) {
            this.preferredName = name;
            return this;
        }

        public Builder displayName(String name) {
            this.displayName = name;
            return this;
        }

        public Builder email(String address, boolean verified) {
            this.email = address;
            this.emailVerified = verified;
            return this;
        }

        /**
         * @param held the roles the person holds by the provider's word
         * @param managed the roles the provider decides on; must contain {@code held}
         */
        public Builder roles(Collection<String> held, Collection<String> managed) {
            this.roles = Set.copyOf(held);
            this.managedRoles = Set.copyOf(managed);
            return this;
        }

        public Builder linkByVerifiedEmail(boolean allowed) {
            this.linkByVerifiedEmail = allowed;
            return this;
        }

        /** @throws IllegalArgumentException when provider or subject is empty, or a held role is not managed */
        public ExternalIdentity build() {
            return new ExternalIdentity(this);
        }
    }
}
