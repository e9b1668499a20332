package io.github.fpauth.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

/**
 * The accounts of auth-user and what may be done to them; a service private to this bundle,
 * shared by the AuthManager, the Gogo commands and (later) the login and administration pages.
 *
 * <p>Changes throw {@link IllegalArgumentException} with a message fit for a person when the
 * input is refused, and {@link io.github.fpauth.user.store.UserStoreException} when the store
 * cannot be written (nothing changed then).
 *
 * <p>Whatever hashes a password (checking one, setting one) throws {@link HashingBusyException}
 * when password hashing is over its share of CPU time: nothing was checked or changed; the
 * caller answers "busy, retry later", never "wrong password".
 */
public interface UserDirectory {

    /** The current user by that name, else {@code null}. Lock-free, for the request path. */
    User find(String name);

    /** All users, sorted by name. */
    List<User> users();

    /**
     * Checks a password, paying exactly one full password hash whether or not the user exists
     * (unknown users are checked against a dummy hash) so timing does not reveal accounts.
     *
     * @return the user, when it exists, is enabled and the password matches
     */
    Optional<User> verifyPassword(String name, String password);

    /**
     * After a successful login: stores a new hash of {@code password} when the hash it matched
     * is weaker than the current policy (e.g. fewer iterations). Costs one more full hash, only
     * then. Does nothing when the password changed meanwhile.
     *
     * @param verified the user as {@link #verifyPassword} returned it for {@code password}
     * @return whether the hash was upgraded
     */
    boolean rehashIfNeeded(User verified, String password);

    /** Adds an enabled user, displayed by its name. */
    User addUser(String name, String password, Collection<String> roles);

    /** The user that {@code identity} ({@code provider:subject}) signs in as, if any. */
    Optional<User> findLinked(String identity);

    /**
     * Adds an enabled user that signs in through another identity provider as {@code identity}. Its
     * password is a random one nobody is told (an administrator may set one later).
     *
     * @param email {@code null} for none
     * @throws IllegalArgumentException when the name is taken, or the identity already linked
     */
    User addLinkedUser(String name, String displayName, String email, Collection<String> roles, String identity);

    /**
     * Links {@code identity} to an existing user.
     *
     * @throws IllegalArgumentException when there is no such user, or the identity is linked to another
     */
    User linkIdentity(String name, String identity);

    void removeUser(String name);

    void setPassword(String name, String password);

    /**
     * Sets the password only if the stored hash is still {@code expectedHash}, in one transaction
     * of the store (so that of two concurrent changes from the same state, one wins).
     *
     * @return whether it was set
     */
    boolean setPasswordIf(String name, String expectedHash, String password);

    User setRoles(String name, Collection<String> roles);

    User setEnabled(String name, boolean enabled);

    User setDisplayName(String name, String displayName);

    /** @param email where password-reset mail goes; {@code null} removes it */
    User setEmail(String name, String email);

    /**
     * Changes the user's second factor (sealed text, {@code null} for none) in one transaction of
     * the store: {@code change} gets the stored value and returns the new one (the same instance
     * changes nothing). With a shared store it may be called more than once.
     */
    User changeSecondFactor(String name, java.util.function.UnaryOperator<String> change);

    /**
     * Removes the user's second factor (turned off, or reset by an admin); needs no key.
     *
     * @return whether there was one
     */
    default boolean removeSecondFactor(String name) {
        boolean[] had = {false};
        changeSecondFactor(name, sealed -> {
            had[0] = sealed != null;
            return null;
        });
        return had[0];
    }

    /** Follows every change; see {@link UserStore.Listener}. */
    void addListener(UserStore.Listener listener);

    void removeListener(UserStore.Listener listener);
}
