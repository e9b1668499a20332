package io.github.fpauth.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jdbc.DataSourceFactory;

import io.github.fpauth.testkit.postgres.TestPostgres;

/**
 * The fpauth-jdbc feature in a real Karaf 4.4: auth-user keeps its records in a real PostgreSQL
 * (started by the test driver, outside Karaf) and follows changes made there by anyone else.
 *
 * <p>Karaf reads the store's configuration from etc/ at boot, as a user writes it. The tests
 * reach the same database with plain SQL through the PostgreSQL driver's DataSourceFactory.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafJdbcStoreIT extends KarafTestSupport {

    private static final String JDBC_URL_PROPERTY = "fpauth.itest.jdbc.url";
    private static final String STORE_BSN = "io.github.fpauth.store.jdbc";
    private static final String SHARED_STORE = "io.github.fpauth.user.spi.SharedStore";

    @Configuration
    public Option[] config() {
        String url = DriverSide.startDatabase();
        List<Option> options = new ArrayList<>(Arrays.asList(karafWith("fpauth", "fpauth-user", "fpauth-jdbc")));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.store.jdbc.cfg", "url", url));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.store.jdbc.cfg", "user", TestPostgres.USER));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.store.cfg", "store", "jdbc"));
        options.add(editConfigurationFilePut("etc/system.properties", JDBC_URL_PROPERTY, url));
        return options.toArray(new Option[0]);
    }

    /** Runs in the test driver only: Karaf never loads this class (nor the test kit). */
    private static final class DriverSide {

        /** A fresh cluster in the temporary directory (below target/), stopped when the run ends. */
        static String startDatabase() {
            Path dir = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("karaf-postgres");
            TestPostgres postgres = DriverResources.closeAtEnd(TestPostgres.start(dir));
            postgres.createDatabase("fpauth_karaf");
            return postgres.jdbcUrl("fpauth_karaf");
        }
    }

    @Before
    public void authUserIsActiveOnTheSharedStore() throws Exception {
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
        awaitGet("/", "admin", adminPassword(), status(200));
    }

    @Test
    public void theJdbcFeatureResolvesAndItsStoreIsCurrent() throws Exception {
        for (String bsn : new String[] { STORE_BSN, "org.postgresql.jdbc", "com.zaxxer.HikariCP",
                "org.osgi.service.jdbc", "io.github.fpauth.user" }) {
            Bundle bundle = bundle(bsn);
            assertNotNull(bsn + " is installed", bundle);
            assertEquals(bsn + " is active", Bundle.ACTIVE, bundle.getState());
        }

        ServiceReference<?>[] stores = bundleContext.getServiceReferences(SHARED_STORE, "(fpauth.store=jdbc)");
        assertNotNull("a SharedStore with fpauth.store=jdbc is registered", stores);
        assertEquals(1, stores.length);
        assertEquals("registered by the store bundle", STORE_BSN, stores[0].getBundle().getSymbolicName());

        String store = shell("fpauth:store");
        assertTrue(store, store.contains("shared store 'jdbc'"));
        assertTrue(store, store.contains(", available"));

        try (Connection connection = database().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT roles FROM fpauth_users WHERE name = 'admin'");
                ResultSet row = select.executeQuery()) {
            assertTrue("the bootstrapped admin is a row of fpauth_users", row.next());
            assertTrue(Arrays.asList((String[]) row.getArray(1).getArray()).contains("fp_admin"));
        }
    }

    @Test
    public void aUserAddedInKarafIsStoredInPostgresqlAndSignsInByBasic() throws Exception {
        shell("fpauth:useradd erin Erin-long-password1 viewer");
        try {
            Http.Response home = http().get("/", "erin", "Erin-long-password1");
            assertEquals(home.toString(), 200, home.status);
            assertEquals(401, http().get("/", "erin", "wrong-password-1").status);

            try (Connection connection = database().getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT roles, enabled, password_hash FROM fpauth_users WHERE name = ?")) {
                select.setString(1, "erin");
                try (ResultSet row = select.executeQuery()) {
                    assertTrue("erin is a row of fpauth_users", row.next());
                    Array roles = row.getArray("roles");
                    assertEquals(List.of("viewer"), Arrays.asList((String[]) roles.getArray()));
                    assertTrue(row.getBoolean("enabled"));
                    String hash = row.getString("password_hash");
                    assertTrue(hash, hash.startsWith("$pbkdf2-sha256$"));
                    assertFalse("only a hash is stored", hash.contains("Erin-long-password1"));
                }
            }
        } finally {
            shell("fpauth:userdel erin");
        }
        assertEquals("a user deleted in Karaf is gone from PostgreSQL", 0, countUsers("erin"));
    }

    @Test
    public void aUserInsertedWithPlainSqlSignsInWithinASecond() throws Exception {
        String password = "Frank-long-password1";
        String hash = pbkdf2Sha256(password); // before the clock starts: hashing is no replication
        DataSource database = database();
        long inserted;
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO fpauth_users"
                        + " (name, display_name, roles, enabled, password_hash) VALUES (?, ?, ?, true, ?)")) {
            insert.setString(1, "frank");
            insert.setString(2, "Frank from another node");
            insert.setArray(3, connection.createArrayOf("text", new String[] { "viewer" }));
            insert.setString(4, hash);
            assertEquals(1, insert.executeUpdate());
            inserted = System.nanoTime(); // auto-commit: the row and its announcement are out
        }
        try {
            long known = -1;
            long deadline = inserted + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (shell("fpauth:users").contains("frank")) {
                    known = System.nanoTime();
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertTrue("Karaf never learnt of the user inserted with SQL", known > 0);
            long millis = TimeUnit.NANOSECONDS.toMillis(known - inserted);
            System.out.println("KarafJdbcStoreIT: a user inserted with SQL was known in Karaf after " + millis + " ms");
            assertTrue("known after " + millis + " ms, promised within a second", millis <= 1000);

            Http.Response home = http().get("/", "frank", password);
            assertEquals(home.toString(), 200, home.status);
            long signedIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inserted);
            System.out.println("KarafJdbcStoreIT: ... and signed in by Basic " + signedIn + " ms after the insert");
            assertEquals(401, http().get("/", "frank", "wrong-password-1").status);
        } finally {
            try (Connection connection = database.getConnection();
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM fpauth_users WHERE name = ?")) {
                delete.setString(1, "frank");
                delete.executeUpdate();
            }
        }
        awaitGet("/", "frank", password, status(401));
    }

    // ---- inside Karaf ----

    /** The test database, reached through the PostgreSQL driver's DataSourceFactory service. */
    private DataSource database() throws Exception {
        ServiceReference<?>[] factories = bundleContext.getServiceReferences(DataSourceFactory.class.getName(),
                "(osgi.jdbc.driver.class=org.postgresql.Driver)");
        assertNotNull("the PostgreSQL driver registers its DataSourceFactory", factories);
        DataSourceFactory factory = (DataSourceFactory) bundleContext.getService(factories[0]);
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, System.getProperty(JDBC_URL_PROPERTY));
        properties.setProperty(DataSourceFactory.JDBC_USER, TestPostgres.USER);
        return factory.createDataSource(properties);
    }

    private int countUsers(String name) throws Exception {
        try (Connection connection = database().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM fpauth_users WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * A password hash in auth-user's format ({@code $pbkdf2-sha256$i=<n>$<salt>$<hash>}, Base64
     * without padding), computed here on its own, as another implementation would.
     */
    private static String pbkdf2Sha256(String password) throws Exception {
        int iterations = 600_000;
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }
}
