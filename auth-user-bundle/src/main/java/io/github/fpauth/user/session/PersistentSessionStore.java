package io.github.fpauth.user.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.crypto.SecretHasher;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.store.AtomicFile;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.store.UserStoreException;

/**
 * The {@link SessionStore}: sessions in memory, keyed by the hash of their secret, persisted in
 * one file written atomically ({@link AtomicFile}).
 *
 * <p>Creating and revoking sessions write the file at once, under a lock: a revocation must
 * survive a crash. The last-seen time of a request only marks the store dirty; {@link #flush()}
 * (called periodically and at shutdown) writes it. A crash therefore loses at most one flush
 * interval of last-seen updates, which can only make sessions end earlier, never later.
 *
 * <p>{@link #resolve} takes no lock and touches no disk.
 *
 * <p>Also a {@link UserStore.Listener}: removing or disabling a user ends its sessions.
 */
public final class PersistentSessionStore implements DurableSessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentSessionStore.class);
    private static final int MAX_USER_AGENT = 200;
    private static final int MAX_ADDRESS = 64;

    private final AtomicFile file;
    private final SessionSecrets secrets;
    private final LongSupplier clock;
    // Binary keys: a request hashes its cookie and looks it up without encoding anything.
    private final ConcurrentHashMap<SecretHash, Session> byHash = new ConcurrentHashMap<>();
    private final SecretHasher hasher = new SecretHasher();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Object writeLock = new Object();
    private volatile SessionTimeouts timeouts;

    /** Loads the sessions kept in {@code path}; a missing or unreadable file means none. */
    public PersistentSessionStore(Path path, SessionSecrets secrets, SessionTimeouts timeouts, LongSupplier clock) {
        this.file = new AtomicFile(path);
        this.secrets = secrets;
        this.timeouts = timeouts;
        this.clock = clock;
        load();
    }

    private void load() {
        try {
            Optional<byte[]> content = file.read();
            if (content.isEmpty()) {
                return;
            }
            long now = clock.getAsLong();
            for (Session session : SessionFileFormat.read(new String(content.get(), StandardCharsets.UTF_8))) {
                if (!timeouts.isExpired(session, now)) {
                    byHash.put(session.secretHash(), session);
                }
            }
            LOG.info("Session file {} holds {} live sessions", file.path(), byHash.size());
        } catch (IOException e) {
            // Losing sessions logs people out; it never logs anyone in: start empty.
            LOG.error("Cannot read the session file {} ({}); starting without sessions", file.path(), e.toString());
        }
    }

    public Path path() {
        return file.path();
    }

    /** Every live session as a row of a shared store (to copy a file store into one). */
    public List<SessionRow> rows() {
        List<SessionRow> rows = new ArrayList<>();
        for (Session session : byHash.values()) {
            rows.add(SharedSessionStore.row(session));
        }
        return rows;
    }

    @Override
    public void setTimeouts(SessionTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public SessionTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public NewSession create(String user, boolean rememberMe, String clientAddress, String userAgent) {
        String secret = secrets.newSecret();
        long now = clock.getAsLong();
        Session session = new Session(hasher.hash(secret), secrets.newPublicId(), user, now, now, rememberMe,
                printable(clientAddress, MAX_ADDRESS), printable(userAgent, MAX_USER_AGENT), secrets.newToken());
        synchronized (writeLock) {
            List<Session> own = ownSessions(user);
            // Least recently seen first: those go when the user holds too many.
            own.sort(Comparator.comparingLong(Session::lastSeenMillis));
            int excess = own.size() + 1 - timeouts.maxPerUser();
            for (int i = 0; i < excess; i++) {
                byHash.remove(own.get(i).secretHash());
            }
            byHash.put(session.secretHash(), session);
            try {
                write();
            } catch (IOException e) {
                byHash.remove(session.secretHash());
                dirty.set(true); // the evicted ones stay evicted
                throw new UserStoreException("cannot write the session file " + file.path() + ": " + e, e);
            }
        }
        LOG.info("Started {}session {} for user '{}'", rememberMe ? "remember-me " : "", session.publicId(), user);
        return new NewSession(session, secret, timeouts.cookieMaxAgeSeconds(session, now));
    }

    @Override
    public Optional<Session> resolve(String secret) {
        if (!SessionSecrets.isWellFormed(secret)) {
            return Optional.empty();
        }
        Session session = byHash.get(hasher.hash(secret));
        if (session == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        if (timeouts.isExpired(session, now)) {
            if (byHash.remove(session.secretHash(), session)) {
                markDirty(); // an expired session needs no durable removal: it stays expired
            }
            return Optional.empty();
        }
        if (session.touch(now)) {
            markDirty();
        }
        return Optional.of(session);
    }

    private void markDirty() {
        // Read first: most requests find it set already and skip the contended write.
        if (!dirty.get()) {
            dirty.set(true);
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
        return removeWhere(s -> s.user().equals(user) && s.publicId().equals(publicId), "revoke a session of", user) > 0;
    }

    @Override
    public int revokeAll(String user) {
        return removeWhere(s -> s.user().equals(user), "revoke the sessions of", user);
    }

    @Override
    public int revokeAllExcept(String user, String keepPublicId) {
        return removeWhere(s -> s.user().equals(user) && !s.publicId().equals(keepPublicId),
                "revoke the other sessions of", user);
    }

    private int removeWhere(Predicate<Session> which, String what, String user) {
        int removed = 0;
        synchronized (writeLock) {
            for (Session session : byHash.values()) {
                if (which.test(session) && byHash.remove(session.secretHash(), session)) {
                    removed++;
                }
            }
            if (removed > 0) {
                try {
                    write();
                } catch (IOException e) {
                    // Gone from memory already, so gone for this run; the next flush retries the disk.
                    dirty.set(true);
                    LOG.error("Could not {} user '{}' on disk ({}); retrying at the next flush", what, user,
                            e.toString());
                }
            }
        }
        if (removed > 0) {
            LOG.info("Ended {} session(s) of user '{}'", removed, user);
        }
        return removed;
    }

    /** Drops expired sessions and writes pending last-seen times; quick when nothing changed. */
    @Override
    public void flush() {
        long now = clock.getAsLong();
        SessionTimeouts current = timeouts;
        synchronized (writeLock) {
            for (Session session : byHash.values()) {
                if (current.isExpired(session, now) && byHash.remove(session.secretHash(), session)) {
                    dirty.set(true);
                }
            }
            if (!dirty.getAndSet(false)) {
                return;
            }
            try {
                write();
            } catch (IOException e) {
                dirty.set(true);
                LOG.error("Could not write the session file {}: {}", file.path(), e.toString());
            }
        }
    }

    /** Sessions held in memory, expired or not (for tests and status). */
    public int size() {
        return byHash.size();
    }

    // guarded by writeLock
    private void write() throws IOException {
        dirty.set(false);
        file.write(SessionFileFormat.write(byHash.values()).getBytes(StandardCharsets.UTF_8));
    }

    private List<Session> ownSessions(String user) {
        List<Session> own = new ArrayList<>();
        for (Session session : byHash.values()) {
            if (session.user().equals(user)) {
                own.add(session);
            }
        }
        return own;
    }

    @Override
    public void userChanged(User before, User after) {
        if (before != null && (after == null || !after.isEnabled())) {
            revokeAll(before.name());
        }
    }

    /** Shortened, control characters replaced: it goes into a file and into pages. */
    static String printable(String value, int max) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > max ? value.substring(0, max) : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
