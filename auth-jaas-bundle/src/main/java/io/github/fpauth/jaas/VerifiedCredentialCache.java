package io.github.fpauth.jaas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.fpauth.api.AuthUser;

/**
 * Credentials that passed a JAAS login recently, so a client repeating them does not pay a JAAS
 * login on every request.
 *
 * <p>Entries are keyed by HMAC-SHA256(user, password) under a random key made per cache: the
 * cache never holds a password, and a memory dump of it gives nothing to test guesses against
 * offline without that key. Only successful logins are cached; a password changed or a user
 * removed in the realm applies after the TTL at the latest. Lock-free: a concurrent map and an
 * HMAC cloned from a prototype per lookup.
 */
final class VerifiedCredentialCache {

    private static final String HMAC = "HmacSHA256";

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Mac prototype;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    VerifiedCredentialCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            prototype = Mac.getInstance(HMAC);
            prototype.init(new SecretKeySpec(key, HMAC));
            prototype.clone();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the " + HMAC + " provider cannot clone a Mac", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    boolean isEnabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    /** The user these credentials were verified for, if that is recent enough; else {@code null}. */
    AuthUser get(String user, String password) {
        if (!isEnabled()) {
            return null;
        }
        Key key = key(user, password);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoClock.getAsLong() - entry.expiresAt >= 0) {
            entries.remove(key, entry);
            return null;
        }
        return entry.user;
    }

    /** Remembers credentials that the realm just accepted for {@code authUser}. */
    void put(String user, String password, AuthUser authUser) {
        if (!isEnabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> now - entry.expiresAt >= 0);
            if (entries.size() >= maxEntries) {
                // Bounded memory over cleverness: start over, the next requests log in again.
                entries.clear();
            }
        }
        entries.put(key(user, password), new Entry(authUser, now + ttlNanos));
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private Key key(String user, String password) {
        Mac mac = newMac();
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so no (user, password) pair can spell another one.
        mac.update(ByteBuffer.allocate(4).putInt(0, userBytes.length));
        mac.update(userBytes);
        mac.update(password.getBytes(StandardCharsets.UTF_8));
        return new Key(mac.doFinal());
    }

    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e); // checked in the constructor
        }
    }

    /** An HMAC digest; compared in constant time, though it reveals nothing without the key. */
    private static final class Key {
        private final byte[] digest;
        private final int hash;

        Key(byte[] digest) {
            this.digest = digest;
            this.hash = Arrays.hashCode(digest);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && MessageDigest.isEqual(digest, ((Key) o).digest);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class Entry {
        final AuthUser user;
        final long expiresAt;

        Entry(AuthUser user, long expiresAt) {
            this.user = user;
            this.expiresAt = expiresAt;
        }
    }
}
