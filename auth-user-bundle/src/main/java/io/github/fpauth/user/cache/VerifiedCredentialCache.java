package io.github.fpauth.user.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

/**
 * Remembers, for a short while, which user name and password pairs were verified, so a client
 * repeating the same HTTP Basic credentials does not pay a full password hash on every request.
 *
 * <p>Keys are HMAC-SHA256 of the user name and password under a random key that lives only as
 * long as this cache: the cache holds neither passwords nor anything an attacker who dumps it
 * could test guesses against offline. Values are the user name, the
 * {@linkplain User#credentialGeneration() credential generation} verified, and an expiry.
 *
 * <p>A hit is only trusted if the current store still has that user, enabled, with the same
 * credential generation: a password change, removal or disable takes effect at once, and
 * {@link #userChanged} also drops the user's entries right away. The hit path takes no lock.
 * When full, expired entries go first, then arbitrary ones (keys are random, so this is random
 * eviction).
 */
public final class VerifiedCredentialCache implements UserStore.Listener {

    private static final String HMAC = "HmacSHA256";

    private final ConcurrentHashMap<CredentialKey, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Mac prototype;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::cloneOfPrototype);

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
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            prototype = Mac.getInstance(HMAC);
            prototype.init(new SecretKeySpec(secret, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }

    public VerifiedCredentialCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime, new SecureRandom());
    }

    public boolean isEnabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    /** The key for one user name and password: a keyed hash, cheap (microseconds). */
    public CredentialKey key(String username, String password) {
        Mac mac = mac();
        mac.reset(); // doFinal resets it; this only guards against a computation left half-done
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        // The name's length first: ("ab", "c") and ("a", "bc") must not collide.
        mac.update((byte) (name.length >>> 24));
        mac.update((byte) (name.length >>> 16));
        mac.update((byte) (name.length >>> 8));
        mac.update((byte) name.length);
        mac.update(name);
        mac.update(password.getBytes(StandardCharsets.UTF_8));
        return new CredentialKey(mac.doFinal());
    }

    /**
     * The user these credentials were verified for, if that is recent and still true of the
     * current store, else {@code null}.
     *
     * @param currentUsers the store's current user by name ({@code null} when absent)
     */
    public User verified(CredentialKey key, Function<String, User> currentUsers) {
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
    public void remember(CredentialKey key, User user) {
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
        Iterator<CredentialKey> keys = entries.keySet().iterator();
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

    /**
     * This thread's copy of the initialised Mac: no key setup and no copy per request, no shared
     * mutable state. (It holds JDK classes only: a request thread that outlives this cache keeps
     * no class of this bundle.)
     */
    private Mac mac() {
        return macs.get();
    }

    private Mac cloneOfPrototype() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " cannot be cloned in this JDK", e);
        }
    }

    /** An HMAC value; equal when the bytes are. */
    public static final class CredentialKey {
        private final byte[] mac;
        private final int hash;

        CredentialKey(byte[] mac) {
            this.mac = mac;
            this.hash = (mac[0] & 0xFF) << 24 | (mac[1] & 0xFF) << 16 | (mac[2] & 0xFF) << 8 | mac[3] & 0xFF;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CredentialKey && MessageDigest.isEqual(mac, ((CredentialKey) o).mac);
        }

        @Override
        public int hashCode() {
            return hash;
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
