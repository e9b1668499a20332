package io.github.fpauth.store.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;

import com.zaxxer.hikari.HikariDataSource;

import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;

/**
 * Offers the {@link SharedStore} {@code fpauth.store=jdbc} while configured (PID
 * {@value JdbcStoreConfig#PID}): a {@link PostgresSharedStore} over a HikariCP pool of the
 * PostgreSQL driver's DataSource (from its {@link DataSourceFactory} service), or over the
 * {@code javax.sql.DataSource} service that {@code dataSource.target} names when {@code url} is
 * empty. The driver is needed either way: the store follows the database with its
 * LISTEN/NOTIFY.
 */
@Component(name = JdbcStoreConfig.PID, configurationPid = JdbcStoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = SharedStore.class, immediate = true,
        property = SharedStore.KIND + "=" + JdbcStoreComponent.KIND)
@Designate(ocd = JdbcStoreConfig.class)
public class JdbcStoreComponent implements SharedStore {

    /** The value of {@value SharedStore#KIND}: auth-user's {@code store=jdbc} picks this store. */
    public static final String KIND = "jdbc";

    static final String DRIVER_FILTER = "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.postgresql.Driver)";

    private final PostgresSharedStore store;
    private final HikariDataSource pool;

    /**
     * @param dataSource the DataSource service matching {@code dataSource.target}, if any; used
     *                   only when {@code url} is empty
     * @throws IllegalArgumentException when the configuration is not usable, saying why
     * @throws IllegalStateException    when the database holds a newer schema than this store knows
     */
    @Activate
    public JdbcStoreComponent(JdbcStoreConfig config,
            @Reference(name = "driver", target = DRIVER_FILTER) DataSourceFactory driver,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY, target = "(dataSourceName=fpauth)")
            DataSource dataSource) throws SQLException {
        String url = config.url().trim();
        if (!url.isEmpty()) {
            if (!url.startsWith(Pools.URL_PREFIX)) {
                throw new IllegalArgumentException("url must be a PostgreSQL JDBC URL (" + Pools.URL_PREFIX
                        + "//host:port/database), not " + Pools.describe(url, null).substring("postgresql ".length()));
            }
            Properties properties = new Properties();
            properties.setProperty(DataSourceFactory.JDBC_URL, url);
            if (!config.user().isEmpty()) {
                properties.setProperty(DataSourceFactory.JDBC_USER, config.user());
            }
            if (!config._password().isEmpty()) {
                properties.setProperty(DataSourceFactory.JDBC_PASSWORD, config._password());
            }
            String description = Pools.describe(url, config.user());
            DataSource direct = driver.createDataSource(properties);
            this.pool = Pools.hikari(direct, config.maxPoolSize(), config.connectionTimeoutMillis());
            // the announcements need a connection of their own, held as long as the store runs: not the pool's
            this.store = new PostgresSharedStore(pool, direct, description);
        } else if (dataSource != null) {
            this.pool = null;
            this.store = new PostgresSharedStore(dataSource, dataSource,
                    "postgresql DataSource " + config.dataSource_target());
        } else {
            throw new IllegalArgumentException("no url is configured, and no javax.sql.DataSource service matches "
                    + config.dataSource_target() + " (dataSource.target)");
        }
        try {
            store.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Deactivate
    void close() {
        store.close();
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public String toString() {
        return "JdbcStoreComponent[" + store.describe() + "]";
    }

    @Override
    public boolean isCurrent() {
        return store.isCurrent();
    }

    @Override
    public void addListener(Listener listener) {
        store.addListener(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        store.removeListener(listener);
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty();
    }

    @Override
    public List<UserRow> users() {
        return store.users();
    }

    @Override
    public Optional<UserRow> user(String name) {
        return store.user(name);
    }

    @Override
    public void updateUser(String name, UnaryOperator<UserRow> change) {
        store.updateUser(name, change);
    }

    @Override
    public List<SessionRow> sessions() {
        return store.sessions();
    }

    @Override
    public Optional<SessionRow> session(String secretHash) {
        return store.session(secretHash);
    }

    @Override
    public void insertSession(SessionRow session, int maxPerUser) {
        store.insertSession(session, maxPerUser);
    }

    @Override
    public List<SessionRow> deleteSessions(String user, String onlyPublicId, String exceptPublicId) {
        return store.deleteSessions(user, onlyPublicId, exceptPublicId);
    }

    @Override
    public void recordSessionsSeen(Map<String, Long> lastSeenBySecretHash) {
        store.recordSessionsSeen(lastSeenBySecretHash);
    }

    @Override
    public int deleteExpiredSessions(long idleBefore, long createdBefore, long rememberIdleBefore,
            long rememberCreatedBefore) {
        return store.deleteExpiredSessions(idleBefore, createdBefore, rememberIdleBefore, rememberCreatedBefore);
    }

    @Override
    public List<TokenRow> tokens() {
        return store.tokens();
    }

    @Override
    public Optional<TokenRow> token(String secretHash) {
        return store.token(secretHash);
    }

    @Override
    public void insertToken(TokenRow token, Function<List<TokenRow>, String> refusal) {
        store.insertToken(token, refusal);
    }

    @Override
    public List<TokenRow> deleteTokens(String owner, String name) {
        return store.deleteTokens(owner, name);
    }

    @Override
    public void recordTokensUsed(Map<String, Long> lastUsedBySecretHash) {
        store.recordTokensUsed(lastUsedBySecretHash);
    }

    @Override
    public List<FailureRow> failures() {
        return store.failures();
    }

    @Override
    public Optional<FailureRow> failure(FailureRow.Kind kind, String key) {
        return store.failure(kind, key);
    }

    @Override
    public void updateFailure(FailureRow.Kind kind, String key, UnaryOperator<FailureRow> change) {
        store.updateFailure(kind, key, change);
    }

    @Override
    public int deleteFailures(String key) {
        return store.deleteFailures(key);
    }

    @Override
    public int deleteIdleFailures(long lastFailureBefore, long now) {
        return store.deleteIdleFailures(lastFailureBefore, now);
    }
}
