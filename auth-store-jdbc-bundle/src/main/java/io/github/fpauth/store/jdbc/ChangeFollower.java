package io.github.fpauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.spi.SharedStore.Listener;
import io.github.fpauth.user.spi.SharedStore.Table;
import io.github.fpauth.user.spi.StoreUnavailableException;

/**
 * Follows the announcements of the database on a connection of its own, on one thread, and
 * tells whether the store is current.
 *
 * <p>Current means: this thread heard from the database less than a lease ago. Each answer to a
 * heartbeat (or each batch of announcements) extends the lease; when the database goes away, no
 * answer comes, and the lease runs out by itself even while the thread still waits, so
 * {@link #isCurrent()} is one volatile read and turns false within a lease. After every
 * (re)connection, and after a lease that ran out, every listener first reloads everything, and
 * only then is the store current again.
 */
final class ChangeFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);

    /** Checks or creates the schema on a fresh connection (may throw to refuse it). */
    interface SchemaCheck {
        void ensure(Connection connection) throws SQLException;
    }

    private final DataSource connections;
    private final String description;
    private final Timing timing;
    private final StatusLog status;
    private final SchemaCheck schema;
    /** The listeners that reloaded since the last (re)connection; they get every announcement. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Listeners added since; each reloads on this thread before it joins {@link #listeners}. */
    private final Queue<Listener> joining = new ConcurrentLinkedQueue<>();

    /** System.nanoTime() until which the store is current; expired while not connected. */
    private volatile long currentUntil = System.nanoTime();
    private volatile boolean running;
    /** The connection in use, for {@link #close()} to abort a wait on it. */
    private volatile Connection connection;
    private Thread thread;

    // touched by the follower thread only
    private Boolean saidAvailable;

    ChangeFollower(DataSource connections, String description, Timing timing, StatusLog status, SchemaCheck schema) {
        this.connections = connections;
        this.description = description;
        this.timing = timing;
        this.status = status;
        this.schema = schema;
    }

    boolean isCurrent() {
        return System.nanoTime() - currentUntil < 0;
    }

    void addListener(Listener listener) {
        joining.add(listener);
    }

    void removeListener(Listener listener) {
        joining.remove(listener);
        listeners.remove(listener);
    }

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("started already");
        }
        running = true;
        thread = new Thread(this::run, "fpauth-store-changes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops following: the store is not current any more; waits for the thread to end. */
    void close() {
        Thread follower;
        synchronized (this) {
            running = false;
            follower = thread;
        }
        currentUntil = System.nanoTime();
        if (follower == null) {
            return;
        }
        follower.interrupt();
        Connection open = connection;
        if (open != null) {
            try {
                open.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(open);
            }
        }
        try {
            follower.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the follower thread

    private void run() {
        long backoff = timing.minBackoffMillis();
        while (running) {
            String failure;
            try {
                follow();
                continue; // it returns once closed
            } catch (SQLException e) {
                failure = PostgresSharedStore.reason(e);
            } catch (RuntimeException e) {
                // a refused schema, a listener's StoreUnavailableException, a broken driver
                failure = e.getMessage() != null ? e.getMessage() : e.toString();
            } finally {
                Connection open = connection;
                connection = null;
                if (open != null) {
                    closeQuietly(open);
                }
            }
            if (!running) {
                break;
            }
            becomeUnavailable(failure);
            if (followedOnce) {
                backoff = timing.minBackoffMillis();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                // close() wakes the thread up: the loop ends as running is false
            }
            backoff = Math.min(backoff * 2, timing.maxBackoffMillis());
        }
        currentUntil = System.nanoTime();
    }

    /** Whether the connection of the latest round got the store current. */
    private boolean followedOnce;

    /** One connection's worth: returns when closed, throws when the database failed. */
    private void follow() throws SQLException {
        followedOnce = false;
        Connection open = connections.getConnection();
        connection = open;
        if (!running) {
            return;
        }
        try {
            open.setNetworkTimeout(Runnable::run, (int) timing.networkTimeoutMillis());
        } catch (SQLFeatureNotSupportedException e) {
            // a pooled connection of a DataSource service may not offer it: heartbeats wait longer then
        }
        schema.ensure(open);
        open.setAutoCommit(true);
        PGConnection postgres = open.unwrap(PGConnection.class);
        try (Statement listen = open.createStatement()) {
            listen.execute("LISTEN " + Schema.CHANNEL);
        }
        // anything may have changed while not connected: everyone reloads before the store is current
        drainJoining(false);
        reloadAll();
        heartbeat(open);
        long lastBeat = System.nanoTime();
        currentUntil = lastBeat + TimeUnit.MILLISECONDS.toNanos(timing.leaseMillis());
        followedOnce = true;
        becomeAvailable();
        long beatNanos = TimeUnit.MILLISECONDS.toNanos(timing.heartbeatMillis());
        while (running) {
            drainJoining(true);
            PGNotification[] announced = postgres.getNotifications((int) timing.pollMillis());
            if (announced != null && announced.length > 0) {
                extendLease();
                dispatch(announced);
            }
            if (System.nanoTime() - lastBeat >= beatNanos) {
                heartbeat(open);
                lastBeat = System.nanoTime();
                extendLease();
            }
        }
    }

    private static void heartbeat(Connection open) throws SQLException {
        try (Statement statement = open.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    /** The database answered: the lease starts again, after a reload if it had run out meanwhile. */
    private void extendLease() {
        long now = System.nanoTime();
        long lapse = now - currentUntil;
        if (lapse >= 0) {
            // the store was not current for a while (a slow database, a long pause of this JVM):
            // announcements were not lost, but listeners were told it was not current
            long silent = TimeUnit.NANOSECONDS.toMillis(lapse) + timing.leaseMillis();
            becomeUnavailable("no answer from the database for " + silent + " ms");
            reloadAll();
            now = System.nanoTime();
            becomeAvailable();
        }
        currentUntil = now + TimeUnit.MILLISECONDS.toNanos(timing.leaseMillis());
    }

    private void drainJoining(boolean reload) {
        for (Listener listener; (listener = joining.poll()) != null;) {
            if (reload) {
                reload(listener);
            }
            listeners.add(listener);
        }
    }

    private void reloadAll() {
        for (Listener listener : listeners) {
            reload(listener);
        }
    }

    private void reload(Listener listener) {
        try {
            listener.reloadAll();
        } catch (StoreUnavailableException e) {
            // it could not read: it is not current, so neither is the store; the next connection reloads
            throw e;
        } catch (RuntimeException e) {
            LOG.error("A listener of {} failed to reload", description, e);
        }
    }

    private void dispatch(PGNotification[] announced) {
        for (PGNotification notification : announced) {
            if (!Schema.CHANNEL.equals(notification.getName())) {
                continue;
            }
            String payload = notification.getParameter();
            if (Schema.RELOAD_ALL.equals(payload)) {
                reloadAll();
                continue;
            }
            int colon = payload.indexOf(':');
            Table table;
            try {
                table = Table.valueOf(payload.substring(0, Math.max(colon, 0)));
            } catch (IllegalArgumentException e) {
                LOG.warn("Unknown announcement on {} of {}: everything reloads", Schema.CHANNEL, description);
                reloadAll();
                continue;
            }
            String key = payload.substring(colon + 1);
            for (Listener listener : listeners) {
                try {
                    listener.changed(table, key);
                } catch (StoreUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.error("A listener of {} failed on the change of {} {}", description, table, key, e);
                }
            }
        }
    }

    private void becomeAvailable() {
        if (!Boolean.TRUE.equals(saidAvailable)) {
            saidAvailable = Boolean.TRUE;
            status.available("fpauth shared store available: " + description);
        }
    }

    private void becomeUnavailable(String reason) {
        currentUntil = System.nanoTime();
        if (!Boolean.FALSE.equals(saidAvailable)) {
            saidAvailable = Boolean.FALSE;
            status.unavailable("fpauth shared store unavailable: " + description + ": " + reason);
        }
    }

    private static void closeQuietly(Connection open) {
        try {
            open.close();
        } catch (SQLException | RuntimeException e) {
            // broken already
        }
    }
}
