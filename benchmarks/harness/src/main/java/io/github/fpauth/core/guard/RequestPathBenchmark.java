package io.github.fpauth.core.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.osgi.PGDataSourceFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.bench.fake.FakeRequest;
import io.github.fpauth.bench.fake.FakeResponse;
import io.github.fpauth.core.firewall.BenchFirewalls;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.manager.BenchRegistries;
import io.github.fpauth.user.BenchUsers;
import io.github.fpauth.store.jdbc.JdbcStoreComponent;
import io.github.fpauth.store.jdbc.JdbcStoreConfig;
import io.github.fpauth.testkit.postgres.TestPostgres;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.spi.SharedStore;

/**
 * The request path of the core, without OSGi: the current-user filter, then (for a protected
 * route) the requirement filter, then a servlet that reads {@code getRemoteUser()}; the classes
 * are the core's and auth-user's own, wired as Declarative Services would wire them.
 *
 * <p>Variants: {@code noFpauth} the servlet alone (the baseline); {@code anonymous} the core with
 * no manager on a protected route (open); {@code noCredentials} auth_user active, a request
 * without credentials on a public route; {@code basicCached} auth_user active, repeated valid
 * HTTP Basic credentials (verified once, then from the credential cache) on a protected route;
 * {@code basicAfterTypo} the same after one wrong password for that account (the throttle then
 * keeps a failure record of it); {@code session} a session cookie and {@code token} a personal access token (Bearer), both on a
 * protected route.
 *
 * <p>One request and response object per thread, recycled between operations as a container
 * does, so allocations measured are those of the request path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestPathBenchmark {

    /** What the whole benchmark shares, as a running core shares it between request threads. */
    @State(Scope.Benchmark)
    public static class Core {

        @Param({ "noFpauth", "anonymous", "noCredentials", "basicCached", "basicAfterTypo", "session", "token",
            "basicCachedShared", "sessionShared" })
        public String variant;

        CurrentUserPreprocessor currentUser;
        RequirementFilter guard;
        BenchUsers users;
        /** The shared variants' database: a throwaway PostgreSQL cluster. */
        TestPostgres postgres;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            if (variant.endsWith(SHARED)) {
                postgres = TestPostgres.start(Files.createTempDirectory("fpauth-bench-postgres"));
                users = BenchUsers.shared(jdbcStore(postgres));
            } else {
                users = variant.equals("noFpauth") || variant.equals("anonymous") ? null : new BenchUsers();
            }
            AuthManager manager = users == null ? null : users.manager();
            if (variant.equals("basicAfterTypo")) {
                users.recordTypo();
            }
            AuthManagerRegistry registry = BenchRegistries.with(manager);
            currentUser = new CurrentUserPreprocessor(registry, BenchFirewalls.allowingGet());
            guard = new RequirementFilter(Requirement.authenticated(), new RequestAuthenticator(registry));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (postgres != null) {
                postgres.close();
            }
        }

        /** auth-store-jdbc's store on a new database of {@code postgres}, as its component starts it. */
        private static SharedStore jdbcStore(TestPostgres postgres) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.createDatabase("fpauth"));
            dataSource.setUser(postgres.user());
            try {
                return new JdbcStoreComponent(BenchUsers.with(JdbcStoreConfig.class, Map.of()),
                        new PGDataSourceFactory(), dataSource);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot start the JDBC store: " + e, e);
            }
        }
    }

    /** Variants named so run auth_user on the shared store (auth-store-jdbc on PostgreSQL). */
    static final String SHARED = "Shared";

    /** One request thread: its request, response and filter chain. */
    @State(Scope.Thread)
    public static class Client {

        FakeRequest request;
        FakeResponse response;
        String user;
        FilterChain servlet;
        FilterChain guarded;
        Core core;

        @Setup(Level.Trial)
        public void setUp(Core shared) throws IOException, ServletException {
            core = shared;
            request = requestFor(shared);
            response = new FakeResponse();
            servlet = (req, res) -> user = ((HttpServletRequest) req).getRemoteUser();
            guarded = (req, res) -> core.guard.doFilter(req, res, servlet);
            // The first Basic request pays one password hash; the measured ones hit the cache.
            run(this);
            if (!"noFpauth".equals(shared.variant) && response.getStatus() != 200) {
                throw new IllegalStateException(shared.variant + " answered " + response.getStatus());
            }
        }

        private static FakeRequest requestFor(Core core) {
            switch (core.variant) {
            case "basicCached":
            case "basicCachedShared":
            case "basicAfterTypo":
                String credentials = BenchUsers.USER + ":" + BenchUsers.PASSWORD;
                return FakeRequest.withHeader("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            case "session":
            case "sessionShared":
                return FakeRequest.withCookie(Cookies.SESSION, core.users.sessionSecret());
            case "token":
                return FakeRequest.withHeader("Authorization", "Bearer " + core.users.tokenSecret());
            default:
                return FakeRequest.plain();
            }
        }
    }

    @Benchmark
    public String currentUser(Client client) throws IOException, ServletException {
        return run(client);
    }

    static String run(Client client) throws IOException, ServletException {
        ServletRequest request = client.request.recycle();
        ServletResponse response = client.response.recycle();
        switch (client.core.variant) {
        case "noFpauth":
            client.servlet.doFilter(request, response);
            break;
        case "noCredentials":
            client.core.currentUser.doFilter(request, response, client.servlet);
            break;
        default:
            client.core.currentUser.doFilter(request, response, client.guarded);
        }
        return client.user;
    }
}
