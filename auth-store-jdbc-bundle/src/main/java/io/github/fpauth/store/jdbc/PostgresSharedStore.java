package io.github.fpauth.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;

/**
 * The {@link SharedStore} on PostgreSQL, usable without OSGi: give it a (pooled) DataSource for
 * the reads and writes and one for the connection that follows the announcements (not pooled:
 * it is held as long as the store runs), then {@link #start()} it, and {@link #close()} it before
 * closing them.
 *
 * <p>Each method is one statement or one transaction on a connection of the pool; every
 * {@link SQLException}, a pool timeout included, becomes a {@link StoreUnavailableException}
 * naming the store and the reason. Writes that read first lock what they read
 * ({@code SELECT ... FOR UPDATE}, or the user row that owns sessions and tokens), and a
 * transaction that lost a race (a unique key taken meanwhile by another node, a deadlock) runs
 * again once. Changes are announced by the database's triggers (see {@link Schema}), so every
 * node hears of every change, its own included, and of changes made with psql.
 */
public final class PostgresSharedStore implements SharedStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSharedStore.class);
    /** How many times a call runs again on another connection when its connection was broken. */
    static final int BROKEN_RETRIES = 3;

    private static final String USER_COLUMNS = "name, display_name, roles, enabled, password_hash, second_factor, email,"
            + " linked_identities";
    private static final String SESSION_COLUMNS = "secret_hash, public_id, user_name, created_millis, "
            + "last_seen_millis, remember_me, client_address, user_agent, csrf_token";
    private static final String TOKEN_COLUMNS = "secret_hash, owner, name, created_at, expires_at, last_used_at";
    private static final String FAILURE_COLUMNS = "kind, key, consecutive, last_failure_millis, "
            + "blocked_until_millis, recent_failure_millis";

    private final DataSource pool;
    private final String description;
    private final ChangeFollower follower;

    /**
     * @param pool        connections for reads and writes (a bounded pool)
     * @param followers   where the connection that follows the announcements comes from
     * @param description what {@link #describe()} says: where the database is, never a password
     */
    public PostgresSharedStore(DataSource pool, DataSource followers, String description) {
        this(pool, followers, description, Timing.DEFAULT, StatusLog.logger());
    }

    PostgresSharedStore(DataSource pool, DataSource followers, String description, Timing timing, StatusLog status) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.description = Objects.requireNonNull(description, "description");
        this.follower = new ChangeFollower(followers, description, timing, status, Schema::ensure);
    }

    /**
     * Creates the schema or checks its version, when the database answers, and starts following
     * its announcements (the store is current soon after, or once the database answers).
     *
     * @throws IllegalStateException when the database holds a newer schema than this store knows
     */
    public void start() {
        try (Connection connection = pool.getConnection()) {
            Schema.ensure(connection);
        } catch (SQLException e) {
            // unreachable now: the follower creates or checks the schema once it connects, and says so
            LOG.debug("Schema of {} not checked at start: {}", description, reason(e));
        }
        follower.start();
    }

    /** Stops following the database; the DataSources stay open (they are the caller's). */
    @Override
    public void close() {
        follower.close();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "PostgresSharedStore[" + description + "]";
    }

    @Override
    public boolean isCurrent() {
        return follower.isCurrent();
    }

    @Override
    public void addListener(Listener listener) {
        follower.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Listener listener) {
        follower.removeListener(listener);
    }

    @Override
    public boolean isEmpty() {
        return read("read", c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM fpauth_users)"
                    + " AND NOT EXISTS (SELECT 1 FROM fpauth_sessions) AND NOT EXISTS (SELECT 1 FROM fpauth_tokens)"
                    + " AND NOT EXISTS (SELECT 1 FROM fpauth_failures)");
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        });
    }

    // ---- users

    @Override
    public List<UserRow> users() {
        return read("read the users", c -> list(c, "SELECT " + USER_COLUMNS + " FROM fpauth_users ORDER BY name",
                PostgresSharedStore::userRow));
    }

    @Override
    public Optional<UserRow> user(String name) {
        Objects.requireNonNull(name, "name");
        return read("read a user", c -> first(c, "SELECT " + USER_COLUMNS + " FROM fpauth_users WHERE name = ?",
                PostgresSharedStore::userRow, name));
    }

    @Override
    public void updateUser(String name, UnaryOperator<UserRow> change) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
        write("change a user", c -> {
            UserRow stored = first(c, "SELECT " + USER_COLUMNS + " FROM fpauth_users WHERE name = ? FOR UPDATE",
                    PostgresSharedStore::userRow, name).orElse(null);
            UserRow changed = change.apply(stored);
            if (changed == stored || changed != null && changed.equals(stored)) {
                return null;
            }
            if (changed == null) {
                // the sessions and tokens go with it (ON DELETE CASCADE), and are announced
                update(c, "DELETE FROM fpauth_users WHERE name = ?", name);
            } else if (!changed.name().equals(name)) {
                throw new IllegalArgumentException("a change of user '" + name + "' returned user '"
                        + changed.name() + "'");
            } else if (stored == null) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO fpauth_users (" + USER_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bindUser(c, insert, changed);
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement set = c.prepareStatement("UPDATE fpauth_users SET name = ?, display_name = ?,"
                        + " roles = ?, enabled = ?, password_hash = ?, second_factor = ?, email = ?, linked_identities = ?"
                        + " WHERE name = ?")) {
                    bindUser(c, set, changed);
                    set.setString(9, name);
                    set.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---- sessions

    @Override
    public List<SessionRow> sessions() {
        return read("read the sessions", c -> list(c, "SELECT " + SESSION_COLUMNS
                + " FROM fpauth_sessions ORDER BY user_name, created_millis, secret_hash",
                PostgresSharedStore::sessionRow));
    }

    @Override
    public Optional<SessionRow> session(String secretHash) {
        Objects.requireNonNull(secretHash, "secretHash");
        return read("read a session", c -> first(c, "SELECT " + SESSION_COLUMNS
                + " FROM fpauth_sessions WHERE secret_hash = ?", PostgresSharedStore::sessionRow, secretHash));
    }

    @Override
    public void insertSession(SessionRow session, int maxPerUser) {
        Objects.requireNonNull(session, "session");
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("at most " + maxPerUser + " sessions per user: at least 1 is needed");
        }
        write("store a session", c -> {
            // the user's row is the lock of its sessions: concurrent logins count one after the other
            if (!lockUser(c, session.user())) {
                throw new StoreUnavailableException("the store " + description + " refused a session of user '"
                        + session.user() + "': no such user");
            }
            int inserted;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO fpauth_sessions (" + SESSION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (secret_hash) DO NOTHING")) {
                insert.setString(1, session.secretHash());
                insert.setString(2, session.publicId());
                insert.setString(3, session.user());
                insert.setLong(4, session.createdMillis());
                insert.setLong(5, session.lastSeenMillis());
                insert.setBoolean(6, session.rememberMe());
                insert.setString(7, session.clientAddress());
                insert.setString(8, session.userAgent());
                insert.setString(9, session.csrfToken());
                inserted = insert.executeUpdate();
            }
            if (inserted == 1) {
                // the new session stays, with the most recently seen others up to maxPerUser
                try (PreparedStatement trim = c.prepareStatement("DELETE FROM fpauth_sessions WHERE secret_hash IN"
                        + " (SELECT secret_hash FROM fpauth_sessions WHERE user_name = ? AND secret_hash <> ?"
                        + " ORDER BY last_seen_millis DESC, created_millis DESC, secret_hash OFFSET ?)")) {
                    trim.setString(1, session.user());
                    trim.setString(2, session.secretHash());
                    trim.setInt(3, maxPerUser - 1);
                    trim.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<SessionRow> deleteSessions(String user, String onlyPublicId, String exceptPublicId) {
        Objects.requireNonNull(user, "user");
        StringBuilder sql = new StringBuilder("DELETE FROM fpauth_sessions WHERE user_name = ?");
        List<Object> values = new ArrayList<>(List.of(user));
        if (onlyPublicId != null) {
            sql.append(" AND public_id = ?");
            values.add(onlyPublicId);
        }
        if (exceptPublicId != null) {
            sql.append(" AND public_id <> ?");
            values.add(exceptPublicId);
        }
        sql.append(" RETURNING ").append(SESSION_COLUMNS);
        return write("end sessions", c -> list(c, sql.toString(), PostgresSharedStore::sessionRow, values.toArray()));
    }

    @Override
    public void recordSessionsSeen(Map<String, Long> lastSeenBySecretHash) {
        recordTimes("record when sessions were seen", "fpauth_sessions", "last_seen_millis", lastSeenBySecretHash);
    }

    @Override
    public int deleteExpiredSessions(long idleBefore, long createdBefore, long rememberIdleBefore,
            long rememberCreatedBefore) {
        return write("end expired sessions", c -> update(c, "DELETE FROM fpauth_sessions WHERE"
                + " (NOT remember_me AND (last_seen_millis < ? OR created_millis < ?))"
                + " OR (remember_me AND (last_seen_millis < ? OR created_millis < ?))",
                idleBefore, createdBefore, rememberIdleBefore, rememberCreatedBefore));
    }

    // ---- tokens

    @Override
    public List<TokenRow> tokens() {
        return read("read the tokens", c -> list(c, "SELECT " + TOKEN_COLUMNS
                + " FROM fpauth_tokens ORDER BY owner, created_at, name", PostgresSharedStore::tokenRow));
    }

    @Override
    public Optional<TokenRow> token(String secretHash) {
        Objects.requireNonNull(secretHash, "secretHash");
        return read("read a token", c -> first(c, "SELECT " + TOKEN_COLUMNS + " FROM fpauth_tokens WHERE secret_hash = ?",
                PostgresSharedStore::tokenRow, secretHash));
    }

    @Override
    public void insertToken(TokenRow token, Function<List<TokenRow>, String> refusal) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(refusal, "refusal");
        write("store a token", c -> {
            // the owner's row is the lock of its tokens: the refusal sees all of them, and no one adds one meanwhile
            if (!lockUser(c, token.owner())) {
                throw new IllegalArgumentException("no user '" + token.owner() + "'");
            }
            if (first(c, "SELECT 1 FROM fpauth_tokens WHERE secret_hash = ?", rows -> 1, token.secretHash())
                    .isPresent()) {
                return null; // stored already: kept as it is
            }
            List<TokenRow> owned = list(c, "SELECT " + TOKEN_COLUMNS
                    + " FROM fpauth_tokens WHERE owner = ? ORDER BY created_at, name", PostgresSharedStore::tokenRow,
                    token.owner());
            String reason = refusal.apply(List.copyOf(owned));
            if (reason != null) {
                throw new IllegalArgumentException(reason);
            }
            if (owned.stream().anyMatch(t -> t.name().equals(token.name()))) {
                throw new IllegalArgumentException("user '" + token.owner() + "' already has a token named '"
                        + token.name() + "'");
            }
            update(c, "INSERT INTO fpauth_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (secret_hash) DO NOTHING", token.secretHash(), token.owner(), token.name(),
                    token.createdAt(), token.expiresAt(), token.lastUsedAt());
            return null;
        });
    }

    @Override
    public List<TokenRow> deleteTokens(String owner, String name) {
        Objects.requireNonNull(owner, "owner");
        return write("remove tokens", c -> name == null
                ? list(c, "DELETE FROM fpauth_tokens WHERE owner = ? RETURNING " + TOKEN_COLUMNS,
                        PostgresSharedStore::tokenRow, owner)
                : list(c, "DELETE FROM fpauth_tokens WHERE owner = ? AND name = ? RETURNING " + TOKEN_COLUMNS,
                        PostgresSharedStore::tokenRow, owner, name));
    }

    @Override
    public void recordTokensUsed(Map<String, Long> lastUsedBySecretHash) {
        recordTimes("record when tokens were used", "fpauth_tokens", "last_used_at", lastUsedBySecretHash);
    }

    // ---- failures

    @Override
    public List<FailureRow> failures() {
        return read("read the failure records", c -> list(c, "SELECT " + FAILURE_COLUMNS
                + " FROM fpauth_failures ORDER BY kind, key", PostgresSharedStore::failureRow));
    }

    @Override
    public Optional<FailureRow> failure(FailureRow.Kind kind, String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        return read("read a failure record", c -> first(c, "SELECT " + FAILURE_COLUMNS
                + " FROM fpauth_failures WHERE kind = ? AND key = ?", PostgresSharedStore::failureRow, kind.name(), key));
    }

    @Override
    public void updateFailure(FailureRow.Kind kind, String key, UnaryOperator<FailureRow> change) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        write("change a failure record", c -> {
            FailureRow stored = first(c, "SELECT " + FAILURE_COLUMNS
                    + " FROM fpauth_failures WHERE kind = ? AND key = ? FOR UPDATE", PostgresSharedStore::failureRow,
                    kind.name(), key).orElse(null);
            FailureRow changed = change.apply(stored);
            if (changed == stored || changed != null && changed.equals(stored)) {
                return null;
            }
            if (changed == null) {
                update(c, "DELETE FROM fpauth_failures WHERE kind = ? AND key = ?", kind.name(), key);
            } else if (changed.kind() != kind || !changed.key().equals(key)) {
                throw new IllegalArgumentException("a change of the failure record " + FailureRow.changeKey(kind, key)
                        + " returned " + changed.changeKey());
            } else if (stored == null) {
                update(c, "INSERT INTO fpauth_failures (" + FAILURE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                        kind.name(), key, changed.consecutive(), changed.lastFailureMillis(),
                        changed.blockedUntilMillis(), longs(c, changed.recentFailureMillis()));
            } else {
                update(c, "UPDATE fpauth_failures SET consecutive = ?, last_failure_millis = ?,"
                        + " blocked_until_millis = ?, recent_failure_millis = ? WHERE kind = ? AND key = ?",
                        changed.consecutive(), changed.lastFailureMillis(), changed.blockedUntilMillis(),
                        longs(c, changed.recentFailureMillis()), kind.name(), key);
            }
            return null;
        });
    }

    @Override
    public int deleteFailures(String key) {
        Objects.requireNonNull(key, "key");
        return write("forget failure records", c -> update(c, "DELETE FROM fpauth_failures WHERE key = ?", key));
    }

    @Override
    public int deleteIdleFailures(long lastFailureBefore, long now) {
        return write("forget idle failure records", c -> update(c, "DELETE FROM fpauth_failures"
                + " WHERE last_failure_millis < ? AND blocked_until_millis <= ?", lastFailureBefore, now));
    }

    // ---- transactions

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of the pool, and again (up to {@value #BROKEN_RETRIES}
     * times) when the connection it got turned out broken: after a restart of the database, the
     * pool may still hold connections to the old server, which it discards as they fail. When no
     * connection comes at all, the call fails at once.
     */
    private <T> T read(String what, Work<T> work) {
        for (int attempt = 1;; attempt++) {
            boolean connected = false;
            try (Connection connection = pool.getConnection()) {
                connected = true;
                return work.run(connection);
            } catch (SQLException e) {
                if (connected && attempt <= BROKEN_RETRIES && brokenConnection(e)) {
                    LOG.debug("Reading '{}' again on {}: {}", what, description, reason(e));
                    continue;
                }
                throw unavailable(what, e);
            }
        }
    }

    /**
     * Runs {@code work} in one transaction, and once more when it lost a race: a unique key taken
     * by another node meanwhile (the second run sees that node's row), a deadlock, a serialization
     * failure; and again (up to {@value #BROKEN_RETRIES} times) when its connection turned out
     * broken before the commit was sent (nothing was written then). A RuntimeException of
     * {@code work} rolls back and propagates as it is.
     */
    private <T> T write(String what, Work<T> work) {
        boolean raced = false;
        for (int attempt = 1;; attempt++) {
            boolean connected = false;
            boolean committing = false;
            try (Connection connection = pool.getConnection()) {
                connected = true;
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    committing = true;
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    try {
                        connection.rollback();
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                } finally {
                    try {
                        connection.setAutoCommit(true);
                    } catch (SQLException e) {
                        // a broken connection: the pool discards it
                    }
                }
            } catch (SQLException e) {
                if (!raced && lostRace(e)) {
                    raced = true;
                    LOG.debug("Running '{}' again on {}: {}", what, description, reason(e));
                    continue;
                }
                if (connected && !committing && attempt <= BROKEN_RETRIES && brokenConnection(e)) {
                    LOG.debug("Running '{}' again on {}: {}", what, description, reason(e));
                    continue;
                }
                throw unavailable(what, e);
            }
        }
    }

    /** A connection lost (SQLState class 08) or ended by the server (57P01-57P03: shut down, crashed, starting). */
    private static boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private static boolean lostRace(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
    }

    private StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("cannot " + what + " in " + description + ": " + reason(e), e);
    }

    /** The message of a failure and of its cause (a pool timeout names the connection's failure there). */
    static String reason(SQLException e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getSQLState() != null) {
            reason.append(" [SQLState ").append(e.getSQLState()).append(']');
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause != null && cause != e && cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
            reason.append(" (").append(cause.getMessage()).append(')');
        }
        return reason.toString();
    }

    // ---- statements

    /** Locks the user's row for the rest of the transaction; whether it exists. */
    private static boolean lockUser(Connection c, String name) throws SQLException {
        return first(c, "SELECT 1 FROM fpauth_users WHERE name = ? FOR UPDATE", row -> 1, name).isPresent();
    }

    private void recordTimes(String what, String table, String column, Map<String, Long> timesByHash) {
        Objects.requireNonNull(timesByHash, "times");
        List<String> hashes = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        timesByHash.forEach((hash, time) -> {
            if (hash != null && time != null) {
                hashes.add(hash);
                times.add(time);
            }
        });
        if (hashes.isEmpty()) {
            return;
        }
        // a later time stored meanwhile (by another node) is kept; equal or earlier ones write nothing
        write(what, c -> update(c, "UPDATE " + table + " AS t SET " + column + " = GREATEST(t." + column + ", v.at)"
                + " FROM unnest(?::text[], ?::bigint[]) AS v(secret_hash, at)"
                + " WHERE t.secret_hash = v.secret_hash AND v.at > t." + column,
                c.createArrayOf("text", hashes.toArray()), c.createArrayOf("int8", times.toArray())));
    }

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    private static <T> List<T> list(Connection c, String sql, RowReader<T> reader, Object... values)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(reader.read(rows));
                }
            }
            return result;
        }
    }

    private static <T> Optional<T> first(Connection c, String sql, RowReader<T> reader, Object... values)
            throws SQLException {
        List<T> rows = list(c, sql, reader, values);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof String) {
                statement.setString(i + 1, (String) value);
            } else if (value instanceof Long) {
                statement.setLong(i + 1, (Long) value);
            } else if (value instanceof Integer) {
                statement.setInt(i + 1, (Integer) value);
            } else if (value instanceof Array) {
                statement.setArray(i + 1, (Array) value);
            } else {
                throw new IllegalArgumentException("cannot bind " + value);
            }
        }
    }

    private static void bindUser(Connection c, PreparedStatement statement, UserRow user) throws SQLException {
        statement.setString(1, user.name());
        statement.setString(2, user.displayName());
        statement.setArray(3, c.createArrayOf("text", user.roles().toArray()));
        statement.setBoolean(4, user.enabled());
        statement.setString(5, user.passwordHash());
        statement.setString(6, user.secondFactor().orElse(null));
        statement.setString(7, user.email().orElse(null));
        statement.setArray(8, c.createArrayOf("text", user.linkedIdentities().toArray()));
    }

    private static Array longs(Connection c, long[] values) throws SQLException {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return c.createArrayOf("int8", boxed);
    }

    // ---- rows

    private static UserRow userRow(ResultSet row) throws SQLException {
        return new UserRow(row.getString("name"), row.getString("display_name"),
                List.of((String[]) row.getArray("roles").getArray()), row.getBoolean("enabled"),
                row.getString("password_hash"), row.getString("second_factor"),
                row.getString("email"), List.of((String[]) row.getArray("linked_identities").getArray()));
    }

    private static SessionRow sessionRow(ResultSet row) throws SQLException {
        return new SessionRow(row.getString("secret_hash"), row.getString("public_id"), row.getString("user_name"),
                row.getLong("created_millis"), row.getLong("last_seen_millis"), row.getBoolean("remember_me"),
                row.getString("client_address"), row.getString("user_agent"), row.getString("csrf_token"));
    }

    private static TokenRow tokenRow(ResultSet row) throws SQLException {
        return new TokenRow(row.getString("secret_hash"), row.getString("owner"), row.getString("name"),
                row.getLong("created_at"), row.getLong("expires_at"), row.getLong("last_used_at"));
    }

    private static FailureRow failureRow(ResultSet row) throws SQLException {
        Long[] recent = (Long[]) row.getArray("recent_failure_millis").getArray();
        long[] times = new long[recent.length];
        for (int i = 0; i < recent.length; i++) {
            times[i] = recent[i];
        }
        return new FailureRow(FailureRow.Kind.valueOf(row.getString("kind")), row.getString("key"),
                row.getInt("consecutive"), row.getLong("last_failure_millis"), row.getLong("blocked_until_millis"),
                times);
    }
}
