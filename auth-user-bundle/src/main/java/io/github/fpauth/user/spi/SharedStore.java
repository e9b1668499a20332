package io.github.fpauth.user.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable records shared by every auth-user node that uses the same store, registered as an OSGi
 * service with the property {@value #KIND} (auth-user's {@code store} setting picks it by that
 * value, e.g. {@code jdbc}).
 *
 * <p>Every change, whichever node (or operator) makes it, is announced to every node's
 * {@link Listener} by its key, within a second; nodes then re-read the record. Each write method
 * is one transaction: it happens entirely or not at all.
 *
 * <p>Every method may throw {@link StoreUnavailableException}: nothing was read or changed then.
 */
@ProviderType
public interface SharedStore {

    /** Service property: the kind of store, matched against auth-user's {@code store} setting. */
    String KIND = "fpauth.store";

    /** What the store is, for log lines and status (e.g. the database URL); never a password. */
    String describe();

    /**
     * Whether the store is reachable and announces changes to this node: only then is a replica
     * of its records current. A store that cannot tell answers {@code false}. Cheap: read on every
     * request.
     */
    boolean isCurrent();

    /**
     * Starts announcing changes to {@code listener}, which first gets {@link Listener#reloadAll()}
     * as soon as the store is current, and again after every time it was not.
     */
    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** Whether the store holds no record of any kind (a migration target must be empty). */
    boolean isEmpty();

    // ---- users

    List<UserRow> users();

    Optional<UserRow> user(String name);

    /**
     * Changes one user in a transaction that holds its row: {@code change} gets the stored row
     * ({@code null} when absent) and returns the new one ({@code null} removes the user, the same
     * instance changes nothing). A removed user's sessions and tokens go with it. {@code change}
     * may throw {@link IllegalArgumentException} to refuse; nothing changes then. It may be called
     * more than once (when two nodes create the same user at the same moment, the loser's second
     * call sees the winner's row).
     */
    void updateUser(String name, UnaryOperator<UserRow> change);

    // ---- sessions (no change announcement for last-seen times)

    List<SessionRow> sessions();

    Optional<SessionRow> session(String secretHash);

    /**
     * Stores a new session; in the same transaction the user's least recently seen sessions end
     * so that at most {@code maxPerUser} remain. A session whose hash is stored already is kept
     * as it is (so copying is idempotent).
     */
    void insertSession(SessionRow session, int maxPerUser);

    /**
     * Ends sessions of {@code user}: the one with {@code onlyPublicId}, or all when that is
     * {@code null}; never the one with {@code exceptPublicId} (may be {@code null}).
     *
     * @return the sessions ended
     */
    List<SessionRow> deleteSessions(String user, String onlyPublicId, String exceptPublicId);

    /** Records last-seen times, keyed by secret hash; a stored later time is kept. */
    void recordSessionsSeen(Map<String, Long> lastSeenBySecretHash);

    /**
     * Ends the sessions that are over a time limit: plain sessions last seen before
     * {@code idleBefore} or created before {@code createdBefore}, remember-me sessions likewise
     * with the two {@code remember} limits (epoch milliseconds).
     *
     * @return how many ended
     */
    int deleteExpiredSessions(long idleBefore, long createdBefore, long rememberIdleBefore,
            long rememberCreatedBefore);

    // ---- personal access tokens (no change announcement for last-used times)

    List<TokenRow> tokens();

    Optional<TokenRow> token(String secretHash);

    /**
     * Stores a new token unless {@code refusal}, given the owner's stored tokens within the
     * transaction, names a reason (then {@link IllegalArgumentException} with it). A token whose
     * hash is stored already is kept as it is.
     */
    void insertToken(TokenRow token, Function<List<TokenRow>, String> refusal);

    /**
     * Removes {@code owner}'s token named {@code name}, or all of them when {@code name} is
     * {@code null}.
     *
     * @return the tokens removed
     */
    List<TokenRow> deleteTokens(String owner, String name);

    /** Records last-used times (epoch seconds), keyed by secret hash; a stored later time is kept. */
    void recordTokensUsed(Map<String, Long> lastUsedBySecretHash);

    // ---- failed attempts (brute-force protection)

    List<FailureRow> failures();

    Optional<FailureRow> failure(FailureRow.Kind kind, String key);

    /** As {@link #updateUser}, for the failure record of one account or address. */
    void updateFailure(FailureRow.Kind kind, String key, UnaryOperator<FailureRow> change);

    /** Forgets the records of the account and of the address named {@code key}; how many there were. */
    int deleteFailures(String key);

    /** Forgets the records whose last failure is before {@code lastFailureBefore} and that block nothing after {@code now}. */
    int deleteIdleFailures(long lastFailureBefore, long now);

    /** Told of changes; called from one thread of the store's, so it must be quick. */
    interface Listener {

        /** The record {@code key} of {@code table} changed, was added or removed (re-read it). */
        void changed(Table table, String key);

        /**
         * The store is current again after a time it was not (or for the first time): changes may
         * have been missed, so every replica reloads everything.
         */
        void reloadAll();
    }

    /** The kinds of records, as {@link Listener#changed} names them. */
    enum Table {
        /** Keyed by user name. */
        USERS,
        /** Keyed by secret hash (hexadecimal). */
        SESSIONS,
        /** Keyed by secret hash (hexadecimal). */
        TOKENS,
        /** Keyed by {@link FailureRow#changeKey()}. */
        FAILURES
    }
}
