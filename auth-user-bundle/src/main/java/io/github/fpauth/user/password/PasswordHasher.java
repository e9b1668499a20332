package io.github.fpauth.user.password;

/**
 * Turns passwords into self-describing stored hashes and checks passwords against them.
 *
 * <p>An interface so that tests can count how often a full hash is paid.
 */
public interface PasswordHasher {

    /** A new stored hash of {@code password} with a fresh random salt. */
    String hash(String password);

    /**
     * Whether {@code password} matches {@code stored}; a stored value this hasher cannot read
     * never matches. Costs one full hash.
     */
    boolean verify(String password, String stored);

    /** The stored hash is weaker than (or different from) what {@link #hash} produces now. */
    boolean needsRehash(String stored);

    /**
     * A stored hash with the current parameters that no password matches: verifying against it
     * costs what a real verification costs, so an unknown user is not revealed by timing.
     */
    String dummyHash();
}
