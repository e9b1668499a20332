package io.github.fpauth.user.session;

import java.util.List;
import java.util.Optional;

/**
 * The browser sessions of auth-user: a service private to this bundle, used by the login,
 * profile and administration pages.
 *
 * <p>A session is known to the browser by a secret (its cookie value, 256 random bits) and
 * stored only as the SHA-256 of that secret. Pages name a session by its {@linkplain
 * SessionInfo#publicId() public id}, an unrelated random value that is safe to put in HTML.
 *
 * <p>Revocation is durable (written to disk before the method returns, or logged and retried
 * when the disk fails) and immediate: the next request with that cookie is anonymous.
 */
public interface SessionStore {

    /**
     * Starts a session for {@code user}. When the user already holds the maximum number of
     * sessions, the least recently seen ones end.
     *
     * @return the new session and its secret, which exists nowhere else: put it in the cookie
     * @throws io.github.fpauth.user.store.UserStoreException when the session cannot be stored
     */
    NewSession create(String user, boolean rememberMe, String clientAddress, String userAgent);

    /**
     * The live session whose cookie value is {@code secret}, its last-seen time updated; empty
     * when the value is malformed, unknown, revoked or expired. Lock-free; no disk access.
     */
    Optional<Session> resolve(String secret);

    /** The live sessions of {@code user}, most recently seen first. */
    List<SessionInfo> sessionsOf(String user);

    /**
     * Ends the session {@code publicId} if it belongs to {@code user}.
     *
     * @return whether such a session existed
     */
    boolean revoke(String user, String publicId);

    /** Ends every session of {@code user}; returns how many there were. */
    int revokeAll(String user);

    /**
     * Ends every session of {@code user} except {@code keepPublicId} (e.g. after a password
     * change from this session); {@code null} keeps none.
     */
    int revokeAllExcept(String user, String keepPublicId);
}
