package io.github.fpauth.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.ds.PGSimpleDataSource;

import io.github.fpauth.store.jdbc.PostgresSharedStore;
import io.github.fpauth.testkit.postgres.TestPostgres;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.spi.UserRow;

/**
 * Part {@code jdbc}: the shared store on a real PostgreSQL. Two runtimes (nodes a and b) on one
 * database: the throughput of node a with the session cookie and repeated Basic against fpauth
 * absent (as the file store's variants), the database transactions per request while it serves
 * them, and how long a logout on a takes to hold on b.
 */
final class JdbcBench {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String SESSION_COOKIE = "FPAUTH_SESSION";
    private static final String CSRF_COOKIE = "FPAUTH_CSRF";

    private final Config config;
    private final int propagations;

    JdbcBench(Config config) {
        this.config = config;
        this.propagations = Integer.getInteger("bench.jdbcPropagations", 100);
    }

    String run() throws Exception {
        StringBuilder md = new StringBuilder();
        try (TestPostgres postgres = TestPostgres.start(config.work.resolve("postgres"))) {
            String url = postgres.createDatabase("fpauth");
            seed(url);
            BenchRuntime a = node("jdbc-a", url);
            BenchRuntime b = node("jdbc-b", url);
            try {
                a.start(config.runtimeOptions);
                b.start(config.runtimeOptions);
                for (BenchRuntime node : List.of(a, b)) {
                    node.await("/ready", Duration.ofSeconds(60), r -> r.body().contains("\"authEnabled\":true"));
                    node.awaitOk("/bench/control?op=state&bsn=" + BenchRuntime.CORE, Duration.ofSeconds(60));
                }
                throughput(md, a, url);
                propagation(md, a, b);
            } finally {
                a.stop();
                b.stop();
            }
        }
        return md.toString();
    }

    /** alice and admin, as the file store's runtime has them, written once into the database. */
    private static void seed(String url) {
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setUrl(url);
        direct.setUser(TestPostgres.USER);
        PostgresSharedStore store = new PostgresSharedStore(direct, direct, "benchmark database");
        store.start();
        try {
            Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
            store.updateUser("admin", absent -> new UserRow("admin", "admin", List.of("fp_admin"), true,
                    hasher.hash(BenchRuntime.ADMIN_PASSWORD)));
            store.updateUser(BenchRuntime.USER, absent -> new UserRow(BenchRuntime.USER, BenchRuntime.USER,
                    List.of("user"), true, hasher.hash(BenchRuntime.PASSWORD)));
        } finally {
            store.close();
        }
    }

    /** A runtime with the four jars and the two configurations of optional/jdbc/ in deploy/. */
    private BenchRuntime node(String name, String url) throws IOException {
        BenchRuntime node = BenchRuntime.prepare(config, name, false);
        Path deploy = node.folder.resolve("deploy");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(node.folder.resolve("optional/jdbc"), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, deploy.resolve(jar.getFileName()));
            }
        }
        Files.writeString(deploy.resolve("io.github.fpauth.store.jdbc.cfg"),
                "url=" + url + "\nuser=" + TestPostgres.USER + "\n");
        Files.writeString(deploy.resolve("io.github.fpauth.user.store.cfg"), "store=jdbc\n");
        return node;
    }

    private void throughput(StringBuilder md, BenchRuntime a, String url) throws Exception {
        Map<String, String> basic = Credentials.basic();
        Map<String, String> cookie = Credentials.sessionCookie(a).orElseThrow();
        String alice = "hello " + BenchRuntime.USER + "\n";
        List<Throughput.Variant> variants = List.of(
                new Throughput.Variant("session cookie, JDBC store", true, true, cookie, alice),
                new Throughput.Variant("repeated HTTP Basic, JDBC store", true, true, basic, alice));
        List<Throughput.Row> rows = new Throughput(config, a, CpuSplit.of(config)).run(variants);

        md.append("\n## The shared store on PostgreSQL\n\n")
                .append("Two runtimes (nodes a and b) on one real PostgreSQL 15 on this machine (a throwaway cluster, ")
                .append("`fsync=off`), each with the four jars and two configurations of `optional/jdbc/` in ")
                .append("`deploy/`. Throughput: node a, measured exactly as the file store's variants above (pairs ")
                .append("with fpauth absent, alternating order, medians of the rounds); node b idles.\n\n")
                .append("| variant | req/s (median) | baseline req/s (median) | ratio (median) | ratios per round | target ")
                .append("| server CPU/request, variant / baseline (medians) | non-2xx |\n|---|---|---|---|---|---|---|---|\n");
        for (Throughput.Row row : rows) {
            StringBuilder perRound = new StringBuilder();
            row.ratios().forEach(r -> perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format("%.3f", r)));
            md.append("| ").append(row.variant().name()).append(" | ")
                    .append(String.format("%.0f", Stats.median(map(row.measured(), Throughput.Sample::requestsPerSecond))))
                    .append(" | ")
                    .append(String.format("%.0f", Stats.median(map(row.baseline(), Throughput.Sample::requestsPerSecond))))
                    .append(" | **").append(String.format("%.3f", Stats.median(row.ratios()))).append("** | ")
                    .append(perRound).append(" | ≥ 0.90 | ")
                    .append(String.format("%.2f / %.2f µs", Stats.median(map(row.measured(), Throughput.Sample::cpuMicros)),
                            Stats.median(map(row.baseline(), Throughput.Sample::cpuMicros))))
                    .append(" | ").append(row.nonSuccess()).append(" |\n");
        }

        // transactions on the database while node a serves signed-in requests only
        a.state(true, true);
        Wrk wrk = new Wrk(config, CpuSplit.of(config));
        md.append("\nDatabase transactions per request (`pg_stat_database`: commits + rollbacks of every database, ")
                .append("both nodes' heartbeats included, during one wrk run of ").append(config.wrkSeconds)
                .append(" s on node a):\n\n| requests | transactions | per request |\n|---|---|---|\n");
        for (Map.Entry<String, Map<String, String>> run : List.of(Map.entry("session cookie", cookie),
                Map.entry("repeated HTTP Basic", basic))) {
            Thread.sleep(1500);
            long before = transactions(url);
            Wrk.Result result = wrk.run(a.url("/bench/hello"), run.getValue(), config.wrkSeconds);
            Thread.sleep(1500); // PostgreSQL publishes its counters at most once a second
            long during = transactions(url) - before;
            md.append("| ").append(run.getKey()).append(": ").append(result.requests()).append(" | ").append(during)
                    .append(" | ").append(String.format("%.6f", (double) during / Math.max(1, result.requests())))
                    .append(" |\n");
        }
    }

    /** Logs in on a, checks b at once, logs out on a, and polls b until it refuses the cookie. */
    private void propagation(StringBuilder md, BenchRuntime a, BenchRuntime b) throws Exception {
        long[] nanos = new long[propagations];
        int acceptedAtOnce = 0;
        for (int i = 0; i < propagations; i++) {
            String session = login(a);
            if (status(b, session) == 200) {
                acceptedAtOnce++;
            }
            long sent = System.nanoTime();
            logout(a, session);
            long deadline = sent + Duration.ofSeconds(10).toNanos();
            while (status(b, session) != 401) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("b still accepts a session logged out on a after 10 s");
                }
            }
            nanos[i] = System.nanoTime() - sent;
        }
        md.append("\nPropagation: ").append(propagations).append(" times, alice signs in on node a (login form), ")
                .append("node b is asked at once, then she signs out on a (logout form) and node b is asked back to ")
                .append("back until it answers 401. Time from sending the logout to b's first 401 (the logout's own ")
                .append("round trip included):\n\n| | p50 | p99 | max | target |\n|---|---|---|---|---|\n")
                .append("| logout on a → refused on b, ms | ").append(Stats.ms(Stats.percentile(nanos, 50))).append(" | ")
                .append(Stats.ms(Stats.percentile(nanos, 99))).append(" | ").append(Stats.ms(Stats.percentile(nanos, 100)))
                .append(" | p99 ≤ 1000 |\n")
                .append("\nThe new session was accepted by b on the first request after the login on a: **")
                .append(acceptedAtOnce).append(" of ").append(propagations).append("**.\n");
    }

    private static String login(BenchRuntime node) {
        Map<String, String> cookie = Credentials.sessionCookie(node).orElseThrow();
        String header = cookie.get("Cookie");
        return header.substring(header.indexOf('=') + 1);
    }

    private static void logout(BenchRuntime node, String session) {
        Http.Response form = Http.get(node.url("/logout"), Map.of("Accept", "text/html", "Cookie",
                SESSION_COOKIE + "=" + session));
        Matcher field = CSRF_FIELD.matcher(form.body());
        if (form.status() != 200 || !field.find()) {
            throw new IllegalStateException("no logout form: " + form.status());
        }
        String csrfCookie = form.cookie(CSRF_COOKIE);
        String cookies = SESSION_COOKIE + "=" + session + (csrfCookie == null ? "" : "; " + CSRF_COOKIE + "=" + csrfCookie);
        Http.Response out = Http.post(node.url("/logout"), Map.of("Accept", "text/html", "Cookie", cookies),
                "csrf=" + java.net.URLEncoder.encode(field.group(1).replace("&amp;", "&"),
                        java.nio.charset.StandardCharsets.UTF_8));
        if (out.status() != 303) {
            throw new IllegalStateException("logout refused: " + out.status());
        }
    }

    private static int status(BenchRuntime node, String session) {
        return Http.get(node.url("/bench/hello"), Map.of("Accept", "*/*", "Cookie", SESSION_COOKIE + "=" + session))
                .status();
    }

    private static long transactions(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT pg_stat_clear_snapshot(), sum(xact_commit + xact_rollback) FROM pg_stat_database")) {
            row.next();
            return row.getLong(2);
        }
    }

    private static <T> List<Double> map(List<T> samples, java.util.function.ToDoubleFunction<T> value) {
        List<Double> values = new ArrayList<>();
        for (T sample : samples) {
            values.add(value.applyAsDouble(sample));
        }
        return values;
    }
}
