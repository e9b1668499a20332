package io.github.fpauth.user.cache;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.crypto.SecretHasher;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

/**
 * Remembers, for a short while, which user name and password pairs were verified, so a client
 * repeating the same HTTP Basic credentials does not pay a full password hash on every request.
 *
 * <p>Keys are SHA-256 digests of a random key that lives only as long as this cache, the user
 * name and the password ({@link SecretHasher#hash(byte[], String, String)}): the cache holds neither
 * passwords nor anything an attacker who reads the keys alone could test guesses against offline.
 * (Not an HMAC: the keys never leave the process, so no one can extend one, and an HMAC costs four
 * SHA-256 blocks per request where this costs one.) Values are the user name, the
 * {@linkplain User#credentialGeneration() credential generation} verified, and an expiry.
 *
 * <p>A hit is only trusted if the current store still has that user, enabled, with the same
 * credential generation: a password change, removal or disable takes effect at once, and
 * {@link #userChanged} also drops the user's entries right away. The hit path takes no lock.
 * When full, expired entries go first, then arbitrary ones (keys are random, so this is random
 * eviction).
 */
public final class VerifiedCredentialCache implements UserStore.Listener {

    /** 128 bits: no one can guess it, and short credentials still fit one SHA-256 block with it. */
    private static final int KEY_BYTES = 16;

    private final ConcurrentHashMap<SecretHash, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final byte[] key = new byte[KEY_BYTES];
    private final SecretHasher hasher = new SecretHasher();

    /**
     * @param ttl        how long a verification is trusted; zero disables the cache
     * @param maxEntries at most this many entries; zero disables the cache
     */
    public VerifiedCredentialCache(Duration ttl, int maxEntries, LongSupplier nanoClock, SecureRandom random) {
        if (ttl.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("the cache's time to live and size must not be negative");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        random.nextBytes(key);
    }

    public VerifiedCredentialCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime, new SecureRandom());
    }

    public boolean isEnabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    /** The key for one user name and password: a keyed digest, cheap (one SHA-256 block, usually). */
    public SecretHash key(String username, String password) {
        return hasher.hash(key, username, password);
    }

    /**
     * The user these credentials were verified for, if that is recent and still true of the
     * current store, else {@code null}.
     *
     * @param currentUsers the store's current user by name ({@code null} when absent)
     */
    public User verified(SecretHash key, Function<String, User> currentUsers) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoClock.getAsLong() - entry.expiresAt >= 0) {
            entries.remove(key, entry);
            return null;
        }
        User user = currentUsers.apply(entry.username);
        if (user == null || !user.isEnabled() || user.credentialGeneration() != entry.credentialGeneration) {
            entries.remove(key, entry);
            return null;
        }
        return user;
    }

    /** Records that these credentials were just verified for {@code user}. */
    public void remember(SecretHash key, User user) {
        if (!isEnabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(key, new Entry(user.name(), user.credentialGeneration(), now + ttlNanos));
    }

    private void makeRoom(long now) {
        entries.values().removeIf(entry -> now - entry.expiresAt >= 0);
        // Leave some headroom so a full cache does not scan on every insert.
        int target = maxEntries - Math.max(1, maxEntries / 8);
        Iterator<SecretHash> keys = entries.keySet().iterator();
        while (entries.size() > target && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** Drops every entry of that user. */
    public void forget(String username) {
        entries.values().removeIf(entry -> entry.username.equals(username));
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    /** Drops a user's entries as soon as its password changes, or it is removed or disabled. */
    @Override
    public void userChanged(User before, User after) {
        if (before != null && (after == null || !after.isEnabled()
                || after.credentialGeneration() != before.credentialGeneration())) {
            forget(before.name());
        }
    }

    private static final class Entry {
        final String username;
        final long credentialGeneration;
        final long expiresAt;

        Entry(String username, long credentialGeneration, long expiresAt) {
            this.username = username;
            this.credentialGeneration = credentialGeneration;
            this.expiresAt = expiresAt;
        }
    }
}
