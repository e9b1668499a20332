package io.github.fpauth.user.store;

import java.util.Collection;
import java.util.SortedSet;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;

/**
 * One account as stored: immutable, validated on construction.
 *
 * <p>The credential generation identifies the password the account holds: the store gives a
 * new one each time the password is set, so a credential verified against an older password is
 * recognisably stale. It is not persisted; it only has to be unique within one running store.
 *
 * <p>The second factor is kept as the store holds it: sealed text that only the second-factor
 * service opens ({@code io.github.fpauth.user.totp}), so no page, command or log line that shows a
 * user can show its secret.
 */
public final class User {

    private static final SortedSet<String> NO_IDENTITIES = java.util.Collections.emptySortedSet();

    private final String name;
    private final String displayName;
    private final SortedSet<String> roles;
    private final boolean enabled;
    private final String passwordHash;
    private final String secondFactor;
    private final String email;
    private final SortedSet<String> linkedIdentities;
    private final long credentialGeneration;
    // Built once per stored version, not once per request.
    private final AuthUser authUser;
    private final AuthResult authenticated;

    private User(String name, String displayName, SortedSet<String> roles, boolean enabled, String passwordHash,
            String secondFactor, String email, SortedSet<String> linkedIdentities, long credentialGeneration) {
        this.name = UserNames.requireValidName(name);
        this.displayName = UserNames.requireValidDisplayName(displayName == null ? name : displayName);
        this.roles = roles;
        this.enabled = enabled;
        if (passwordHash == null || passwordHash.isEmpty()) {
            throw new IllegalArgumentException("a user needs a password hash");
        }
        this.passwordHash = passwordHash;
        if (secondFactor != null && secondFactor.isEmpty()) {
            throw new IllegalArgumentException("an empty second factor");
        }
        this.secondFactor = secondFactor;
        this.email = email == null ? null : UserNames.requireValidEmail(email);
        this.linkedIdentities = linkedIdentities;
        this.credentialGeneration = credentialGeneration;
        this.authUser = AuthUser.builder(name).displayName(this.displayName).roles(roles).build();
        this.authenticated = AuthResult.authenticated(authUser);
    }

    /** A new enabled account; its display name is its name. */
    public static User create(String name, String passwordHash, Collection<String> roles) {
        return new User(name, name, UserNames.requireValidRoles(roles), true, passwordHash, null, null, NO_IDENTITIES, 0);
    }

    public static User create(String name, String displayName, Collection<String> roles, boolean enabled,
            String passwordHash) {
        return new User(name, displayName, UserNames.requireValidRoles(roles), enabled, passwordHash, null, null, NO_IDENTITIES, 0);
    }

    /** @param secondFactor sealed, {@code null} for none */
    public static User create(String name, String displayName, Collection<String> roles, boolean enabled,
            String passwordHash, String secondFactor) {
        return create(name, displayName, roles, enabled, passwordHash, secondFactor, null);
    }

    /** @param email where password-reset mail goes, {@code null} for none */
    public static User create(String name, String displayName, Collection<String> roles, boolean enabled,
            String passwordHash, String secondFactor, String email) {
        return new User(name, displayName, UserNames.requireValidRoles(roles), enabled, passwordHash, secondFactor,
                email, NO_IDENTITIES, 0);
    }

    /**
     * @param linkedIdentities the sign-ins of other identity providers this account is, each
     *        {@code provider:subject} ({@link LinkedIdentities})
     */
    public static User create(String name, String displayName, Collection<String> roles, boolean enabled,
            String passwordHash, String secondFactor, String email, Collection<String> linkedIdentities) {
        return new User(name, displayName, UserNames.requireValidRoles(roles), enabled, passwordHash, secondFactor,
                email, LinkedIdentities.requireValid(linkedIdentities), 0);
    }

    public String name() {
        return name;
    }

    public String displayName() {
        return displayName;
    }

    /** Sorted, unmodifiable. */
    public SortedSet<String> roles() {
        return roles;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The stored hash of the password, in the hasher's self-describing format. */
    public String passwordHash() {
        return passwordHash;
    }

    /** Whether the account signs in with a second factor after its password. */
    public boolean hasSecondFactor() {
        return secondFactor != null;
    }

    /** The second factor as sealed text, {@code null} for none. */
    public String secondFactor() {
        return secondFactor;
    }

    /** Where password-reset mail goes; {@code null} for none. */
    public String email() {
        return email;
    }

    /** The other identity providers' accounts that sign in as this one, each {@code provider:subject}; sorted. */
    public SortedSet<String> linkedIdentities() {
        return linkedIdentities;
    }

    /** With one more linked identity ({@link LinkedIdentities#of}). */
    public User withLinkedIdentity(String identity) {
        java.util.List<String> more = new java.util.ArrayList<>(linkedIdentities);
        more.add(identity);
        return new User(name, displayName, roles, enabled, passwordHash, secondFactor, email,
                LinkedIdentities.requireValid(more), credentialGeneration);
    }

    public long credentialGeneration() {
        return credentialGeneration;
    }

    /** This account as the API's user: name, display name, roles. */
    public AuthUser authUser() {
        return authUser;
    }

    /** The result of a request this user authenticated, with the user's roles as its scopes. */
    public AuthResult authenticated() {
        return authenticated;
    }

    public User withPasswordHash(String newHash) {
        return new User(name, displayName, roles, enabled, newHash, secondFactor, email, linkedIdentities, credentialGeneration);
    }

    public User withRoles(Collection<String> newRoles) {
        return new User(name, displayName, UserNames.requireValidRoles(newRoles), enabled, passwordHash,
                secondFactor, email, linkedIdentities, credentialGeneration);
    }

    public User withDisplayName(String newDisplayName) {
        return new User(name, newDisplayName, roles, enabled, passwordHash, secondFactor, email, linkedIdentities, credentialGeneration);
    }

    public User withEnabled(boolean newEnabled) {
        return new User(name, displayName, roles, newEnabled, passwordHash, secondFactor, email, linkedIdentities, credentialGeneration);
    }

    /** @param sealed the new second factor, sealed; {@code null} removes it */
    public User withSecondFactor(String sealed) {
        return new User(name, displayName, roles, enabled, passwordHash, sealed, email, linkedIdentities, credentialGeneration);
    }

    /** @param newEmail {@code null} removes it */
    public User withEmail(String newEmail) {
        return new User(name, displayName, roles, enabled, passwordHash, secondFactor, newEmail, linkedIdentities, credentialGeneration);
    }

    User withCredentialGeneration(long generation) {
        return new User(name, displayName, roles, enabled, passwordHash, secondFactor, email, linkedIdentities, generation);
    }

    /** Without the password hash or the second factor, which belong in no log line. */
    @Override
    public String toString() {
        return "User[" + name + ", roles=" + roles + (enabled ? "" : ", disabled")
                + (secondFactor == null ? "" : ", second factor")
                + (linkedIdentities.isEmpty() ? "" : ", linked " + linkedIdentities) + "]";
    }
}
