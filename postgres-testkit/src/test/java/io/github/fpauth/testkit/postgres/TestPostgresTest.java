package io.github.fpauth.testkit.postgres;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.Test;

public class TestPostgresTest {

    private static final Path DIR = Paths.get("target", "test-postgres", "kit");

    @Test
    public void aClusterAnswersOnItsPortStopsRestartsWithItsDataAndIsDeletedOnClose() throws Exception {
        TestPostgres postgres = TestPostgres.start(DIR);
        try {
            assertEquals("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", postgres.jdbcUrl());
            assertEquals("fp", postgres.user());
            execute(postgres.jdbcUrl(), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the stop')");
            assertEquals("UTF8", query(postgres.jdbcUrl(), "SHOW server_encoding"));

            postgres.stop();
            assertFalse(postgres.isRunning());
            assertThrows(SQLException.class, () -> query(postgres.jdbcUrl(), "SELECT 1"));

            postgres.restart();
            assertTrue(postgres.isRunning());
            assertEquals("before the stop", query(postgres.jdbcUrl(), "SELECT v FROM kept"));

            String url = postgres.createDatabase("second_db");
            assertEquals(postgres.jdbcUrl("second_db"), url);
            assertEquals("second_db", query(url, "SELECT current_database()"));
        } finally {
            postgres.close();
        }
        assertFalse(Files.exists(DIR));
        assertThrows(SQLException.class, () -> query(postgres.jdbcUrl(), "SELECT 1"));
    }

    @Test
    public void missingServerBinariesFailWithAMessageSayingWhatToInstall() throws Exception {
        Path empty = Files.createDirectories(Paths.get("target", "test-postgres", "no-binaries"));
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TestPostgres.newestBinaries(empty));
        assertTrue(failure.getMessage(), failure.getMessage().contains("PostgreSQL server binaries not found"));
        assertTrue(failure.getMessage(), failure.getMessage().contains("apt-get install postgresql"));
    }

    @Test
    public void theNewestInstalledVersionIsChosen() throws Exception {
        Path root = Files.createDirectories(Paths.get("target", "test-postgres", "versions"));
        for (String version : new String[] {"9.6", "15", "13"}) {
            Path initdb = Files.createDirectories(root.resolve(version).resolve("bin")).resolve("initdb");
            Files.writeString(initdb, "#!/bin/sh\n");
            initdb.toFile().setExecutable(true);
        }
        Files.createDirectories(root.resolve("17")); // no binaries: not a candidate
        assertEquals(root.resolve("15").resolve("bin"), TestPostgres.newestBinaries(root));
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
