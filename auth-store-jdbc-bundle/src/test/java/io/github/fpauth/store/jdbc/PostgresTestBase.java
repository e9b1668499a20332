package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.fpauth.testkit.postgres.TestPostgres;
import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;

/**
 * A real PostgreSQL cluster for each test class (under target/), a fresh database for each test,
 * and store nodes on it: each {@link #node} is a {@link PostgresSharedStore} with its own pool and
 * follower connection, as on a machine of its own.
 */
public abstract class PostgresTestBase {

    protected static TestPostgres postgres;

    @ClassRule
    public static final TestRule CLUSTER = (base, description) -> new Statement() {
        @Override
        public void evaluate() throws Throwable {
            postgres = TestPostgres.start(Paths.get("target", "pg", description.getTestClass().getSimpleName()));
            try {
                base.evaluate();
            } finally {
                postgres.close();
                postgres = null;
            }
        }
    };

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The JDBC URL of this test's own database. */
    protected String url;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    @Before
    public void freshDatabase() {
        url = postgres.createDatabase("test_" + DATABASES.incrementAndGet());
    }

    @After
    public void closeNodes() {
        for (Node node : nodes) {
            node.close();
        }
        nodes.clear();
    }

    /** A started node on this test's database. */
    protected Node node() {
        Node node = new Node(url, 4, 1000);
        nodes.add(node);
        node.store.start();
        return node;
    }

    /** A node not started yet. */
    protected Node unstartedNode() {
        Node node = new Node(url, 4, 1000);
        nodes.add(node);
        return node;
    }

    /** A started node that is current, with a recorder that has had its first reload. */
    protected Node currentNode() {
        Node node = node();
        await("the store is current", node.store::isCurrent, Duration.ofSeconds(10));
        await("the first reload", () -> node.recorder.reloads.get() > 0, Duration.ofSeconds(5));
        return node;
    }

    /** One store with its pool, as a node of its own would have, and a listener recording what it heard. */
    protected static final class Node implements AutoCloseable {
        final PGSimpleDataSource direct = new PGSimpleDataSource();
        final HikariDataSource pool;
        final List<String> statusLines = new CopyOnWriteArrayList<>();
        final PostgresSharedStore store;
        final Recorder recorder = new Recorder();

        Node(String url, int poolSize, long connectionTimeoutMillis) {
            direct.setUrl(url);
            direct.setUser(TestPostgres.USER);
            pool = Pools.hikari(direct, poolSize, connectionTimeoutMillis);
            store = new PostgresSharedStore(pool, direct, Pools.describe(url, TestPostgres.USER), Timing.DEFAULT,
                    new StatusLog() {
                        @Override
                        public void available(String line) {
                            statusLines.add("available " + line);
                        }

                        @Override
                        public void unavailable(String line) {
                            statusLines.add("unavailable " + line);
                        }
                    });
            recorder.store = store;
            store.addListener(recorder);
        }

        @Override
        public void close() {
            store.close();
            pool.close();
        }
    }

    /** Records every announcement as "TABLE:key", every reload, and whether the store was current then. */
    protected static final class Recorder implements SharedStore.Listener {
        final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        final AtomicInteger reloads = new AtomicInteger();
        final List<Boolean> currentAtReload = new CopyOnWriteArrayList<>();
        volatile SharedStore store;

        @Override
        public void changed(SharedStore.Table table, String key) {
            changes.add(table + ":" + key);
        }

        @Override
        public void reloadAll() {
            currentAtReload.add(store.isCurrent());
            reloads.incrementAndGet();
        }

        /**
         * Waits until every expected announcement was heard (in any order), within {@code within};
         * returns every announcement heard meanwhile, expected or not.
         */
        List<String> await(Duration within, String... expected) throws InterruptedException {
            List<String> missing = new ArrayList<>(Arrays.asList(expected));
            List<String> heard = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (!missing.isEmpty()) {
                String change = changes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (change == null) {
                    fail("not announced within " + within.toMillis() + " ms: " + missing + "; heard " + heard);
                }
                heard.add(change);
                missing.remove(change);
            }
            return heard;
        }
    }

    protected static void await(String what, BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + within.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Runs SQL on this test's database, as an operator with psql would. */
    protected void sql(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, "");
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    protected List<String> queryColumn(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, "");
                java.sql.Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    // ---- rows

    protected static UserRow user(String name, String... roles) {
        return new UserRow(name, "Display " + name, List.of(roles), true, "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA");
    }

    protected static SessionRow session(String hash, String user, long lastSeen) {
        return new SessionRow(hash, "pub-" + hash, user, lastSeen - 10, lastSeen, false, "192.0.2.1", "curl/8",
                "csrf-" + hash);
    }

    protected static TokenRow token(String hash, String owner, String name) {
        return new TokenRow(hash, owner, name, 1_700_000_000L, 0, 0);
    }

    protected static FailureRow failure(FailureRow.Kind kind, String key, int consecutive) {
        return new FailureRow(kind, key, consecutive, 1_700_000_000_000L + consecutive, 0,
                new long[] {1_700_000_000_000L});
    }

    protected static void createUsers(SharedStore store, String... names) {
        for (String name : names) {
            store.updateUser(name, stored -> user(name));
        }
        for (String name : names) {
            assertTrue(store.user(name).isPresent());
        }
    }
}
