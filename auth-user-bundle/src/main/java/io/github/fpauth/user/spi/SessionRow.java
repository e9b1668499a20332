package io.github.fpauth.user.spi;

import java.util.Objects;

/**
 * One stored browser session. The secret itself is never stored: only its SHA-256, in
 * hexadecimal. Times are epoch milliseconds.
 */
public final class SessionRow {

    private final String secretHash;
    private final String publicId;
    private final String user;
    private final long createdMillis;
    private final long lastSeenMillis;
    private final boolean rememberMe;
    private final String clientAddress;
    private final String userAgent;
    private final String csrfToken;

    public SessionRow(String secretHash, String publicId, String user, long createdMillis, long lastSeenMillis,
            boolean rememberMe, String clientAddress, String userAgent, String csrfToken) {
        this.secretHash = Objects.requireNonNull(secretHash, "secretHash");
        this.publicId = Objects.requireNonNull(publicId, "publicId");
        this.user = Objects.requireNonNull(user, "user");
        this.createdMillis = createdMillis;
        this.lastSeenMillis = lastSeenMillis;
        this.rememberMe = rememberMe;
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
    }

    public String secretHash() {
        return secretHash;
    }

    public String publicId() {
        return publicId;
    }

    public String user() {
        return user;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    public boolean rememberMe() {
        return rememberMe;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String userAgent() {
        return userAgent;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Without the hash or the CSRF token. */
    @Override
    public String toString() {
        return "SessionRow[" + publicId + ", " + user + "]";
    }
}
