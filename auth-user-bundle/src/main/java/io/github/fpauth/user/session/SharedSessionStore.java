package io.github.fpauth.user.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.crypto.SecretHasher;
import io.github.fpauth.user.shared.Replica;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.store.UserStoreException;

/**
 * The {@link SessionStore} of a node that shares its sessions with others through a
 * {@link SharedStore}: a replica of the shared sessions, keyed by the hash of their secret.
 *
 * <p>Creating and ending sessions are transactions of the shared store; the session is then
 * re-read here at once, and on every other node when the store announces it. {@link #resolve}
 * takes no lock and asks the shared store nothing, with two exceptions. A session unknown here
 * may have been created on another node a moment ago, before its announcement arrived (a load
 * balancer sends the browser anywhere right after the login), so it is read from the store, at
 * most {@value #LOOKUPS_PER_SECOND} times a second, so that made-up cookies cannot turn into a
 * query each. A session that looks idle here may have been seen by another node since, so its
 * last-seen time is read before it is turned away.
 * {@link #flush} writes this node's last-seen times in one batch and ends expired sessions.
 */
public final class SharedSessionStore implements DurableSessionStore, Replica {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSessionStore.class);
    private static final int MAX_USER_AGENT = 200;
    private static final int MAX_ADDRESS = 64;
    /** Reads of sessions unknown here, per second and node. */
    static final int LOOKUPS_PER_SECOND = 50;

    private final SharedStoreTracker tracker;
    private final SessionSecrets secrets;
    private final LongSupplier clock;
    private final ConcurrentHashMap<SecretHash, Session> byHash = new ConcurrentHashMap<>();
    /** Sessions whose last-seen time moved since the last flush. */
    private final Set<SecretHash> seen = ConcurrentHashMap.newKeySet();
    private final SecretHasher hasher = new SecretHasher();
    private final Object writeLock = new Object();
    private final RateBound lookups;
    private volatile SessionTimeouts timeouts;

    public SharedSessionStore(SharedStoreTracker tracker, SessionSecrets secrets, SessionTimeouts timeouts,
            LongSupplier clock) {
        this.tracker = tracker;
        this.secrets = secrets;
        this.timeouts = timeouts;
        this.clock = clock;
        this.lookups = new RateBound(LOOKUPS_PER_SECOND, clock);
    }

    @Override
    public void setTimeouts(SessionTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public NewSession create(String user, boolean rememberMe, String clientAddress, String userAgent) {
        String secret = secrets.newSecret();
        long now = clock.getAsLong();
        SessionTimeouts current = timeouts;
        Session session = new Session(hasher.hash(secret), secrets.newPublicId(), user, now, now, rememberMe,
                PersistentSessionStore.printable(clientAddress, MAX_ADDRESS),
                PersistentSessionStore.printable(userAgent, MAX_USER_AGENT), secrets.newToken());
        try {
            SharedStore store = tracker.store();
            store.insertSession(row(session), current.maxPerUser());
            refresh(store, session.secretHash().toHex());
        } catch (StoreUnavailableException e) {
            throw new UserStoreException("cannot store the session in the shared store: " + e.getMessage(), e);
        }
        LOG.info("Started {}session {} for user '{}'", rememberMe ? "remember-me " : "", session.publicId(), user);
        return new NewSession(session, secret, current.cookieMaxAgeSeconds(session, now));
    }

    @Override
    public Optional<Session> resolve(String secret) {
        if (!SessionSecrets.isWellFormed(secret)) {
            return Optional.empty();
        }
        SecretHash hash = hasher.hash(secret);
        Session session = byHash.get(hash);
        if (session == null) {
            session = createdElsewhere(hash);
            if (session == null) {
                return Optional.empty();
            }
        }
        long now = clock.getAsLong();
        SessionTimeouts current = timeouts;
        if (current.isExpired(session, now) && !seenElsewhere(session, current, now)) {
            byHash.remove(session.secretHash(), session);
            return Optional.empty();
        }
        if (session.touch(now)) {
            seen.add(session.secretHash());
        }
        return Optional.of(session);
    }

    /**
     * The session as the shared store holds it, else {@code null}. It is not put in the replica:
     * the announcement does that, in order with any later revocation.
     */
    private Session createdElsewhere(SecretHash hash) {
        if (!lookups.tryAcquire()) {
            return null;
        }
        try {
            return tracker.store().session(hash.toHex()).map(SharedSessionStore::sessionOrNull).orElse(null);
        } catch (StoreUnavailableException e) {
            return null; // cannot tell: no session
        }
    }

    /** Whether another node saw the session recently enough that it is live after all. */
    private boolean seenElsewhere(Session session, SessionTimeouts current, long now) {
        try {
            Optional<SessionRow> stored = tracker.store().session(session.secretHash().toHex());
            if (stored.isEmpty()) {
                return false;
            }
            session.seenAt(stored.get().lastSeenMillis());
            return !current.isExpired(session, now);
        } catch (StoreUnavailableException e) {
            return false; // cannot tell: the session ends here
        }
    }

    @Override
    public List<SessionInfo> sessionsOf(String user) {
        long now = clock.getAsLong();
        SessionTimeouts current = timeouts;
        List<SessionInfo> infos = new ArrayList<>();
        for (Session session : byHash.values()) {
            if (session.user().equals(user) && !current.isExpired(session, now)) {
                infos.add(session.info());
            }
        }
        infos.sort(Comparator.comparing(SessionInfo::lastSeen).reversed());
        return infos;
    }

    @Override
    public boolean revoke(String user, String publicId) {
        return delete(user, publicId, null) > 0;
    }

    @Override
    public int revokeAll(String user) {
        return delete(user, null, null);
    }

    @Override
    public int revokeAllExcept(String user, String keepPublicId) {
        return delete(user, null, keepPublicId);
    }

    private int delete(String user, String only, String except) {
        List<SessionRow> ended;
        try {
            SharedStore store = tracker.store();
            ended = store.deleteSessions(user, only, except);
            for (SessionRow row : ended) {
                refresh(store, row.secretHash());
            }
        } catch (StoreUnavailableException e) {
            throw new UserStoreException("cannot end sessions in the shared store: " + e.getMessage(), e);
        }
        if (!ended.isEmpty()) {
            LOG.info("Ended {} session(s) of user '{}'", ended.size(), user);
        }
        return ended.size();
    }

    /** Writes this node's last-seen times and ends expired sessions, here and in the shared store. */
    @Override
    public void flush() {
        long now = clock.getAsLong();
        SessionTimeouts current = timeouts;
        Map<String, Long> lastSeen = new HashMap<>();
        for (Iterator<SecretHash> it = seen.iterator(); it.hasNext();) {
            SecretHash hash = it.next();
            it.remove();
            Session session = byHash.get(hash);
            if (session != null) {
                lastSeen.put(hash.toHex(), session.lastSeenMillis());
            }
        }
        SharedStore store = tracker.store();
        if (!lastSeen.isEmpty()) {
            try {
                store.recordSessionsSeen(lastSeen);
            } catch (StoreUnavailableException e) {
                for (String hash : lastSeen.keySet()) {
                    seen.add(SecretHash.fromHex(hash));
                }
                throw e;
            }
        }
        store.deleteExpiredSessions(now - current.idleMillis(), now - current.absoluteMillis(),
                now - current.rememberIdleMillis(), now - current.rememberAbsoluteMillis());
        byHash.values().removeIf(session -> current.isExpired(session, now));
    }

    /** Sessions held in memory (for tests and status). */
    public int size() {
        return byHash.size();
    }

    // ---- Replica

    @Override
    public void reload(SharedStore store) {
        synchronized (writeLock) {
            Map<SecretHash, Session> loaded = new HashMap<>();
            for (SessionRow row : store.sessions()) {
                Session session = sessionOrNull(row);
                if (session != null) {
                    loaded.put(session.secretHash(), session);
                }
            }
            byHash.keySet().retainAll(loaded.keySet());
            for (Session session : loaded.values()) {
                Session held = byHash.putIfAbsent(session.secretHash(), session);
                if (held != null) {
                    held.seenAt(session.lastSeenMillis());
                }
            }
        }
    }

    @Override
    public void changed(SharedStore store, SharedStore.Table table, String key) {
        if (table == SharedStore.Table.SESSIONS) {
            refresh(store, key);
        }
    }

    /** Re-reads one session, under the lock, so the last re-read of a session is the newest. */
    private void refresh(SharedStore store, String secretHash) {
        SecretHash hash;
        try {
            hash = SecretHash.fromHex(secretHash);
        } catch (IllegalArgumentException e) {
            return;
        }
        synchronized (writeLock) {
            Session stored = store.session(secretHash).map(SharedSessionStore::sessionOrNull).orElse(null);
            if (stored == null) {
                byHash.remove(hash);
                seen.remove(hash);
                return;
            }
            Session held = byHash.putIfAbsent(hash, stored);
            if (held != null) {
                held.seenAt(stored.lastSeenMillis()); // a session changes only in its last-seen time
            }
        }
    }

    // ---- a removed or disabled user's sessions end with it

    @Override
    public void userChanged(User before, User after) {
        if (before != null && (after == null || !after.isEnabled())) {
            // Every node is told; the first delete ends them, the others find nothing left.
            revokeAll(before.name());
        }
    }

    static SessionRow row(Session session) {
        return new SessionRow(session.secretHash().toHex(), session.publicId(), session.user(),
                session.createdMillis(), session.lastSeenMillis(), session.rememberMe(), session.clientAddress(),
                session.userAgent(), session.csrfToken());
    }

    /** The session, else {@code null} (logged): an invalid row lets nobody in. */
    private static Session sessionOrNull(SessionRow row) {
        try {
            return new Session(SecretHash.fromHex(row.secretHash()), row.publicId(), row.user(), row.createdMillis(),
                    row.lastSeenMillis(), row.rememberMe(), row.clientAddress(), row.userAgent(), row.csrfToken());
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring session {} of the shared store: {}", row, e.getMessage());
            return null;
        }
    }
}
