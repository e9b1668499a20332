package io.github.fpauth.store.jdbc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the JDBC shared store, PID {@value #PID}: the store exists only while it is
 * configured. Either {@code url} (with {@code user} and {@code .password}), or an empty
 * {@code url} and a {@code javax.sql.DataSource} service matching {@code dataSource.target}
 * (e.g. one of Karaf's pax-jdbc-config).
 */
@ObjectClassDefinition(id = JdbcStoreConfig.PID, name = "fpauth JDBC shared store",
        description = "auth-user's users, sessions, tokens and failure records in PostgreSQL, shared by every node")
public @interface JdbcStoreConfig {

    String PID = "io.github.fpauth.store.jdbc";

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "e.g. jdbc:postgresql://db.example.org:5432/fpauth; empty: use the DataSource service")
    String url() default "";

    @AttributeDefinition(name = "User", required = false, description = "The database user")
    String user() default "";

    /**
     * The database password: {@code .password}, a private property (a leading dot), so that it
     * never becomes a property of the registered service.
     */
    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "The database user's password (never logged nor shown)")
    String _password() default "";

    @AttributeDefinition(name = "Maximum pool size", min = "1", max = "1000",
            description = "At most this many connections to the database (plus one that follows its announcements)")
    int maxPoolSize() default 8;

    @AttributeDefinition(name = "Connection timeout (milliseconds)", min = "250", max = "600000",
            description = "A call waits at most this long for a connection, then fails as unavailable")
    long connectionTimeoutMillis() default 2000;

    @AttributeDefinition(name = "DataSource service filter", required = false,
            description = "With an empty url: the javax.sql.DataSource service to use (e.g. of pax-jdbc-config)")
    String dataSource_target() default "(dataSourceName=fpauth)";
}
