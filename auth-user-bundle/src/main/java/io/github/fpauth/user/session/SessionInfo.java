package io.github.fpauth.user.session;

import java.time.Instant;

/** What a person may see of a session: never its secret nor its hash. Immutable. */
public final class SessionInfo {

    private final String publicId;
    private final String user;
    private final Instant created;
    private final Instant lastSeen;
    private final String clientAddress;
    private final String userAgent;
    private final boolean rememberMe;

    SessionInfo(String publicId, String user, Instant created, Instant lastSeen, String clientAddress,
            String userAgent, boolean rememberMe) {
        this.publicId = publicId;
        this.user = user;
        this.created = created;
        this.lastSeen = lastSeen;
        this.clientAddress = clientAddress;
        this.userAgent = userAgent;
        this.rememberMe = rememberMe;
    }

    /** Names the session in pages and forms (e.g. "revoke"); not a credential. */
    public String publicId() {
        return publicId;
    }

    public String user() {
        return user;
    }

    public Instant created() {
        return created;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    /** The client address at login, as the server saw it; may be empty. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The User-Agent at login, shortened and without control characters; may be empty. */
    public String userAgent() {
        return userAgent;
    }

    /** A "remember me" login, with the longer timeouts. */
    public boolean rememberMe() {
        return rememberMe;
    }

    @Override
    public String toString() {
        return "Session[" + publicId + ", " + user + (rememberMe ? ", remember-me" : "") + "]";
    }
}
