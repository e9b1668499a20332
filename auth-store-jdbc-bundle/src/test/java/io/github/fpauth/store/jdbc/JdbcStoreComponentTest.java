package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.osgi.PGDataSourceFactory;

import io.github.fpauth.testkit.postgres.TestPostgres;

/**
 * The component as DS makes it: over the driver's DataSourceFactory with a URL, or over a
 * DataSource service; a bad configuration is refused saying why; the password never shows.
 */
public class JdbcStoreComponentTest extends PostgresTestBase {

    private static final String PASSWORD = "Pg-secret-4711";

    private static JdbcStoreConfig config(String url, String password) {
        return new JdbcStoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JdbcStoreConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return TestPostgres.USER;
            }

            @Override
            public String _password() {
                return password;
            }

            @Override
            public int maxPoolSize() {
                return 2;
            }

            @Override
            public long connectionTimeoutMillis() {
                return 1000;
            }

            @Override
            public String dataSource_target() {
                return "(dataSourceName=fpauth)";
            }
        };
    }

    @Test
    public void withAUrlItFollowsTheDatabaseAndNeverShowsThePasswordInDescriptionOrLog() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JdbcStoreComponent component;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            component = new JdbcStoreComponent(config(url + "?password=" + PASSWORD, PASSWORD),
                    new PGDataSourceFactory(), null);
            try {
                await("the store is current", component::isCurrent, Duration.ofSeconds(10));
                createUsers(component, "alice");
                postgres.stop();
                await("the store is not current", () -> !component.isCurrent(), Duration.ofSeconds(5));
                postgres.restart();
                await("the store is current again", component::isCurrent, Duration.ofSeconds(15));
            } finally {
                component.close();
            }
        } finally {
            System.setErr(err);
            if (!postgres.isRunning()) {
                postgres.restart();
            }
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        System.err.print(lines);
        assertTrue(lines, lines.contains("fpauth shared store unavailable: postgresql 127.0.0.1:"));
        assertFalse(lines, lines.contains(PASSWORD));
        assertFalse(component.describe(), component.describe().contains(PASSWORD));
        assertFalse(component.toString().contains(PASSWORD));
        assertTrue(component.describe(), component.describe().contains("(user " + TestPostgres.USER + ")"));
    }

    @Test
    public void withoutAUrlItUsesTheDataSourceService() throws Exception {
        PGSimpleDataSource service = new PGSimpleDataSource();
        service.setUrl(url);
        service.setUser(TestPostgres.USER);
        JdbcStoreComponent component = new JdbcStoreComponent(config("", ""), new PGDataSourceFactory(), service);
        try {
            await("the store is current", component::isCurrent, Duration.ofSeconds(10));
            createUsers(component, "alice");
            assertEquals(java.util.List.of("alice"), queryColumn("SELECT name FROM fpauth_users"));
            assertTrue(component.describe(), component.describe().contains("(dataSourceName=fpauth)"));
        } finally {
            component.close();
        }
    }

    @Test
    public void aUrlOfAnotherDatabaseIsRefusedSayingWhyWithoutItsPassword() throws Exception {
        try {
            new JdbcStoreComponent(config("jdbc:mysql://db:3306/fpauth?password=" + PASSWORD, PASSWORD),
                    new PGDataSourceFactory(), null);
            fail("accepted a MySQL URL");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("PostgreSQL JDBC URL"));
            assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        }
    }

    @Test
    public void neitherAUrlNorADataSourceServiceIsRefusedSayingWhatIsMissing() throws Exception {
        try {
            new JdbcStoreComponent(config("", ""), new PGDataSourceFactory(), null);
            fail("started without a database");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no url is configured"));
        }
    }
}
