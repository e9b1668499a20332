package io.github.fpauth.user.spi;

import java.util.Objects;

/**
 * One stored personal access token: only the SHA-256 of its secret, in hexadecimal. Times are
 * epoch seconds; {@code expiresAt} and {@code lastUsedAt} are {@code 0} for never.
 */
public final class TokenRow {

    private final String secretHash;
    private final String owner;
    private final String name;
    private final long createdAt;
    private final long expiresAt;
    private final long lastUsedAt;

    public TokenRow(String secretHash, String owner, String name, long createdAt, long expiresAt, long lastUsedAt) {
        this.secretHash = Objects.requireNonNull(secretHash, "secretHash");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.name = Objects.requireNonNull(name, "name");
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.lastUsedAt = lastUsedAt;
    }

    public String secretHash() {
        return secretHash;
    }

    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public long createdAt() {
        return createdAt;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public long lastUsedAt() {
        return lastUsedAt;
    }

    /** Without the hash. */
    @Override
    public String toString() {
        return "TokenRow[" + owner + "/" + name + "]";
    }
}
