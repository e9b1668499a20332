package io.github.fpauth.store.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The connection pool of the store, and how it names the database it reaches. */
final class Pools {

    static final String URL_PREFIX = "jdbc:postgresql:";

    private Pools() {
    }

    /**
     * A bounded HikariCP pool over {@code driver}: at most {@code maxPoolSize} connections, a
     * borrower waits at most {@code connectionTimeoutMillis}, a connection idle for a while is
     * validated before it is handed out, and the pool starts even while the database is away.
     */
    static HikariDataSource hikari(DataSource driver, int maxPoolSize, long connectionTimeoutMillis) {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, not " + maxPoolSize);
        }
        if (connectionTimeoutMillis < 250) {
            throw new IllegalArgumentException("connectionTimeoutMillis must be at least 250, not "
                    + connectionTimeoutMillis);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("fpauth-store");
        config.setDataSource(driver);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.min(1000, connectionTimeoutMillis));
        // no connection needed to start: the store says when the database is unavailable
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }

    /**
     * {@code postgresql host:port/database (user name)} from a JDBC URL: without its parameters,
     * which may hold a password.
     */
    static String describe(String url, String user) {
        String where = url.startsWith(URL_PREFIX) ? url.substring(URL_PREFIX.length()) : url;
        if (where.startsWith("//")) {
            where = where.substring(2);
        }
        int parameters = where.indexOf('?');
        if (parameters >= 0) {
            where = where.substring(0, parameters);
        }
        return "postgresql " + where + (user == null || user.isEmpty() ? "" : " (user " + user + ")");
    }
}
