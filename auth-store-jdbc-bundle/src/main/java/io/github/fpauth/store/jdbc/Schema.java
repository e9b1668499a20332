package io.github.fpauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of the store, created or migrated in one transaction that holds a transaction-level
 * advisory lock, so that nodes starting together wait for each other instead of racing.
 *
 * <p>Every change of a record is announced on the channel {@value #CHANNEL} by triggers, with
 * the payload {@code TABLE:key} ({@code TABLE} a {@link io.github.fpauth.user.spi.SharedStore.Table}
 * name), whoever made it: a node or an operator with psql. Last-seen and last-used times are not
 * announced. A payload too long for NOTIFY (8000 bytes) is announced as {@value #RELOAD_ALL}.
 */
final class Schema {

    /** The version this bundle creates and knows. */
    static final int VERSION = 3;

    /** The notification channel of every change. */
    static final String CHANNEL = "fpauth_changes";

    /** The payload announcing that anything may have changed. */
    static final String RELOAD_ALL = "*";

    /** The advisory lock held while the schema is checked or changed ("fpauth" and 1). */
    static final long MIGRATION_LOCK = 0x6670_6175_7468_0001L;

    /** Version 1, statement by statement. */
    private static final List<String> V1 = List.of(
            """
            CREATE TABLE fpauth_users (
                name text PRIMARY KEY,
                display_name text NOT NULL,
                roles text[] NOT NULL,
                enabled boolean NOT NULL,
                password_hash text NOT NULL)
            """,
            """
            CREATE TABLE fpauth_sessions (
                secret_hash text PRIMARY KEY,
                public_id text NOT NULL,
                user_name text NOT NULL REFERENCES fpauth_users (name) ON DELETE CASCADE ON UPDATE CASCADE,
                created_millis bigint NOT NULL,
                last_seen_millis bigint NOT NULL,
                remember_me boolean NOT NULL,
                client_address text NOT NULL,
                user_agent text NOT NULL,
                csrf_token text NOT NULL)
            """,
            "CREATE INDEX fpauth_sessions_user ON fpauth_sessions (user_name)",
            """
            CREATE TABLE fpauth_tokens (
                secret_hash text PRIMARY KEY,
                owner text NOT NULL REFERENCES fpauth_users (name) ON DELETE CASCADE ON UPDATE CASCADE,
                name text NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                last_used_at bigint NOT NULL,
                CONSTRAINT fpauth_tokens_owner_name UNIQUE (owner, name))
            """,
            """
            CREATE TABLE fpauth_failures (
                kind text NOT NULL CHECK (kind IN ('ACCOUNT', 'ADDRESS')),
                key text NOT NULL,
                consecutive integer NOT NULL,
                last_failure_millis bigint NOT NULL,
                blocked_until_millis bigint NOT NULL,
                recent_failure_millis bigint[] NOT NULL,
                PRIMARY KEY (kind, key))
            """,
            // announces TABLE:old_key and, when it differs, TABLE:new_key (either may be null)
            """
            CREATE FUNCTION fpauth_announce(change_table text, old_key text, new_key text) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE
                k text;
                payload text;
            BEGIN
                FOREACH k IN ARRAY ARRAY[old_key, CASE WHEN new_key IS DISTINCT FROM old_key THEN new_key END] LOOP
                    CONTINUE WHEN k IS NULL;
                    payload := change_table || ':' || k;
                    IF octet_length(payload) > 7900 THEN
                        payload := '*';
                    END IF;
                    PERFORM pg_notify('fpauth_changes', payload);
                END LOOP;
            END $$
            """,
            """
            CREATE FUNCTION fpauth_users_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM fpauth_announce('USERS',
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD.name END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.name END);
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION fpauth_sessions_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM fpauth_announce('SESSIONS',
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD.secret_hash END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.secret_hash END);
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION fpauth_tokens_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM fpauth_announce('TOKENS',
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD.secret_hash END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.secret_hash END);
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION fpauth_failures_announce() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM fpauth_announce('FAILURES',
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD.kind || ':' || OLD.key END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.kind || ':' || NEW.key END);
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER fpauth_users_announce AFTER INSERT OR UPDATE OR DELETE ON fpauth_users
                FOR EACH ROW EXECUTE FUNCTION fpauth_users_announce()
            """,
            """
            CREATE TRIGGER fpauth_sessions_announce AFTER INSERT OR DELETE ON fpauth_sessions
                FOR EACH ROW EXECUTE FUNCTION fpauth_sessions_announce()
            """,
            // an update is announced unless it changed the last-seen time only
            """
            CREATE TRIGGER fpauth_sessions_announce_update AFTER UPDATE ON fpauth_sessions
                FOR EACH ROW WHEN ((OLD.secret_hash, OLD.public_id, OLD.user_name, OLD.created_millis,
                        OLD.remember_me, OLD.client_address, OLD.user_agent, OLD.csrf_token)
                    IS DISTINCT FROM (NEW.secret_hash, NEW.public_id, NEW.user_name, NEW.created_millis,
                        NEW.remember_me, NEW.client_address, NEW.user_agent, NEW.csrf_token))
                EXECUTE FUNCTION fpauth_sessions_announce()
            """,
            """
            CREATE TRIGGER fpauth_tokens_announce AFTER INSERT OR DELETE ON fpauth_tokens
                FOR EACH ROW EXECUTE FUNCTION fpauth_tokens_announce()
            """,
            // an update is announced unless it changed the last-used time only
            """
            CREATE TRIGGER fpauth_tokens_announce_update AFTER UPDATE ON fpauth_tokens
                FOR EACH ROW WHEN ((OLD.secret_hash, OLD.owner, OLD.name, OLD.created_at, OLD.expires_at)
                    IS DISTINCT FROM (NEW.secret_hash, NEW.owner, NEW.name, NEW.created_at, NEW.expires_at))
                EXECUTE FUNCTION fpauth_tokens_announce()
            """,
            """
            CREATE TRIGGER fpauth_failures_announce AFTER INSERT OR UPDATE OR DELETE ON fpauth_failures
                FOR EACH ROW EXECUTE FUNCTION fpauth_failures_announce()
            """);

    /**
     * Version 2 over version 1: the account's second factor (sealed by auth-user) and email
     * address (where reset mail goes); absent: none.
     */
    private static final List<String> V2 = List.of("ALTER TABLE fpauth_users ADD COLUMN second_factor text",
            "ALTER TABLE fpauth_users ADD COLUMN email text");

    /**
     * Version 3 over version 2: the other identity providers' accounts that sign in as the account
     * ({@code provider:subject}); none for every existing account.
     */
    private static final List<String> V3 = List.of(
            "ALTER TABLE fpauth_users ADD COLUMN linked_identities text[] NOT NULL DEFAULT '{}'");

    /** The statements that take version {@code i} to {@code i + 1}, at index {@code i}. */
    private static final List<List<String>> STEPS = List.of(V1, V2, V3);

    private Schema() {
    }

    /**
     * Creates the tables on a database without them, migrates an older version step by step to
     * {@link #VERSION} (in the same transaction: all steps or none), leaves them as they are at
     * {@link #VERSION}, and refuses a newer version. Leaves {@code connection} in auto-commit mode.
     *
     * @throws SchemaTooNewException when the database holds a version this bundle does not know
     */
    static void ensure(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, MIGRATION_LOCK);
                lock.execute();
            }
            int found = storedVersion(connection);
            if (found > VERSION) {
                throw new SchemaTooNewException(found, VERSION);
            }
            if (found < VERSION) {
                try (Statement statement = connection.createStatement()) {
                    if (found < 0) {
                        statement.execute("CREATE TABLE fpauth_schema_version (version integer NOT NULL)");
                    }
                    // step by step from the stored version: the same path whether created now or years ago
                    for (int step = Math.max(found, 0); step < VERSION; step++) {
                        for (String sql : STEPS.get(step)) {
                            statement.execute(sql);
                        }
                    }
                    statement.execute("DELETE FROM fpauth_schema_version");
                    statement.execute("INSERT INTO fpauth_schema_version (version) VALUES (" + VERSION + ")");
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
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
                // a broken connection: whoever owns it discards it
            }
        }
    }

    /** The stored version: -1 without the version table, 0 when it is empty. */
    private static int storedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // checked first: CREATE ... IF NOT EXISTS would need the CREATE privilege even when the table exists
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('fpauth_schema_version') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return -1;
                }
            }
            try (ResultSet version = statement.executeQuery("SELECT coalesce(max(version), 0) FROM fpauth_schema_version")) {
                version.next();
                return version.getInt(1);
            }
        }
    }

    /** The database holds a schema version newer than this bundle's. */
    static final class SchemaTooNewException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        SchemaTooNewException(int found, int known) {
            super("the database holds fpauth schema version " + found + ", newer than version " + known
                    + ", the newest this fpauth JDBC store knows: update this bundle (it never downgrades a schema)");
        }
    }
}
