package io.github.fpauth.user.session;

import java.time.Instant;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * A live session as held in memory. Everything is fixed at creation except the last-seen time,
 * which requests update without a lock (a lost update between two concurrent requests only
 * loses a few milliseconds of "last seen").
 */
public final class Session {

    private final SecretHash secretHash;
    private final String publicId;
    private final String user;
    private final long createdMillis;
    private final boolean rememberMe;
    private final String clientAddress;
    private final String userAgent;
    private final String csrfToken;
    private volatile long lastSeenMillis;

    Session(SecretHash secretHash, String publicId, String user, long createdMillis, long lastSeenMillis,
            boolean rememberMe, String clientAddress, String userAgent, String csrfToken) {
        this.secretHash = secretHash;
        this.publicId = publicId;
        this.user = user;
        this.createdMillis = createdMillis;
        this.lastSeenMillis = lastSeenMillis;
        this.rememberMe = rememberMe;
        this.clientAddress = clientAddress;
        this.userAgent = userAgent;
        this.csrfToken = csrfToken;
    }

    /** The SHA-256 of the secret: the store's key, kept so that removing the session needs no re-encoding. */
    SecretHash secretHash() {
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

    /** This session's synchronizer token for state-changing forms (see the csrf package). */
    public String csrfToken() {
        return csrfToken;
    }

    /** @return whether the stored time moved (by at least a second: no need to write finer) */
    boolean touch(long nowMillis) {
        if (nowMillis - lastSeenMillis < 1000) {
            return false;
        }
        lastSeenMillis = nowMillis;
        return true;
    }

    /** Adopts a later last-seen time recorded elsewhere (another node); an earlier one changes nothing. */
    void seenAt(long millis) {
        if (millis > lastSeenMillis) {
            lastSeenMillis = millis;
        }
    }

    public SessionInfo info() {
        return new SessionInfo(publicId, user, Instant.ofEpochMilli(createdMillis), Instant.ofEpochMilli(lastSeenMillis),
                clientAddress, userAgent, rememberMe);
    }

    /** Without the hash or the CSRF token. */
    @Override
    public String toString() {
        return "Session[" + publicId + ", " + user + (rememberMe ? ", remember-me" : "") + "]";
    }
}
