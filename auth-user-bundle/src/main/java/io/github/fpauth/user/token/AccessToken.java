package io.github.fpauth.user.token;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * A personal access token as stored: its owner, its name (unique per owner), the SHA-256 of its
 * secret, when it was created, when it expires, and when it was last used. Immutable except the
 * last-used time, which the request path updates in memory (flushed to disk periodically).
 */
public final class AccessToken {

    public static final int MAX_NAME_LENGTH = 64;

    private final String owner;
    private final String name;
    private final SecretHash hash;
    private final long createdAt;
    private final long expiresAt;
    private final AtomicLong lastUsedAt;

    /**
     * @param hash      the SHA-256 of the secret
     * @param createdAt epoch seconds
     * @param expiresAt epoch seconds, 0 for never
     * @param lastUsedAt epoch seconds, 0 for never
     */
    public AccessToken(String owner, String name, SecretHash hash, long createdAt, long expiresAt, long lastUsedAt) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("a token needs an owner");
        }
        this.owner = owner;
        this.name = requireValidName(name);
        if (hash == null) {
            // The message of the text it is read from: TokenStoreFormat passes null for a hash that is not one.
            throw new IllegalArgumentException("a token hash must be 64 lower-case hex digits");
        }
        this.hash = hash;
        if (createdAt < 0 || expiresAt < 0 || lastUsedAt < 0) {
            throw new IllegalArgumentException("token times must not be negative");
        }
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.lastUsedAt = new AtomicLong(lastUsedAt);
    }

    /**
     * @throws IllegalArgumentException unless 1 to 64 letters, digits, spaces, dots, dashes or
     *                                  underscores, not starting or ending with a space
     */
    public static String requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a token name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a token name must be at most " + MAX_NAME_LENGTH + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == ' ';
            if (!ok) {
                throw new IllegalArgumentException(
                        "a token name may hold only letters, digits, spaces, dots, dashes and underscores");
            }
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            throw new IllegalArgumentException("a token name must not start or end with a space");
        }
        return name;
    }

    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    /** The SHA-256 of the secret; the secret itself is never kept. */
    public SecretHash hash() {
        return hash;
    }

    public Instant createdAt() {
        return Instant.ofEpochSecond(createdAt);
    }

    /** When it stops working; {@code null} for never. */
    public Instant expiresAt() {
        return expiresAt == 0 ? null : Instant.ofEpochSecond(expiresAt);
    }

    /** {@code null} when never used. */
    public Instant lastUsedAt() {
        long last = lastUsedAt.get();
        return last == 0 ? null : Instant.ofEpochSecond(last);
    }

    long createdEpochSecond() {
        return createdAt;
    }

    long expiresEpochSecond() {
        return expiresAt;
    }

    long lastUsedEpochSecond() {
        return lastUsedAt.get();
    }

    public boolean isExpired(long nowEpochSecond) {
        return expiresAt != 0 && nowEpochSecond >= expiresAt;
    }

    /** Records a use; returns whether the stored time changed (at most once a second). */
    boolean markUsed(long nowEpochSecond) {
        long last = lastUsedAt.get();
        return nowEpochSecond > last && lastUsedAt.compareAndSet(last, nowEpochSecond);
    }

    /** Without the hash. */
    @Override
    public String toString() {
        return "AccessToken[" + owner + "/" + name + "]";
    }
}
