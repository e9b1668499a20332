package io.github.fpauth.bench.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every benchmark and writes {@code docs/performance.md}. Started by {@code benchmarks/run.sh}.
 * Nothing here asserts a time: the figures are reported, never turned into a pass or fail.
 */
public final class PerformanceReport {

    private final Config config = new Config();
    private final StringBuilder md = new StringBuilder();

    /** What code inspection of the request path found (kept next to the figures it explains). */
    private static final String LOCK_NOTES = "\n### Locks on the request path (code inspection)\n\n"
            + "- Core: `CurrentUserPreprocessor` / `RequirementFilter` read `AuthManagerRegistry.snapshot()`, one volatile "
            + "read of an immutable `AuthSnapshot`; writers (service events, configuration) serialize on `writeLock` and "
            + "publish a new snapshot. `RequestAuthenticator` keeps no state; `AuthenticatedRequest` answers `CurrentUser`'s "
            + "attributes itself, so no request attribute is written (each write through the whiteboard's wrapper "
            + "fires attribute listeners). No lock.\n"
            + "- auth-user, HTTP Basic: `BasicAuthorization.parse` (no shared state), `VerifiedCredentialCache` "
            + "(`ConcurrentHashMap.get` by a keyed SHA-256 on this thread's own digest, a `ThreadLocal`), `UserStore.get` (volatile immutable "
            + "map), `FailureThrottle.isQuiet` (one volatile read: while no failure is on record the throttle's maps "
            + "and the client address are not touched); otherwise `FailureThrottle.check` (`ConcurrentHashMap.get`, "
            + "volatile read) and `FailureThrottle.recordSuccess` (returns on a volatile read unless a run of failures "
            + "must be ended: `basicAfterTypo` measures that path). No lock. On a cache miss only, requests with the "
            + "same credentials wait for the one check in progress (`BasicAuthenticator`: a `CompletableFuture` "
            + "in a `ConcurrentHashMap`) instead of hashing the password each.\n"
            + "- auth-user, session cookie: `Cookies.values`, `PersistentSessionStore.resolve` (SHA-256 on this "
            + "thread's own digest, `ConcurrentHashMap.get` by the 32-byte hash; last-seen update is a plain write at "
            + "most once a second, dirty flag read before written); no request attribute written. No lock.\n"
            + "- auth-user, access token: SHA-256 on this thread's own digest, `TokenStore.byHash` (volatile immutable "
            + "map, by the 32-byte hash), `AccessToken.markUsed` (CAS at most once a second), the throttle as for "
            + "Basic. No lock.\n"
            + "- Password hashing (not on these paths: a cache miss or a login) waits for its turn in `HashingBudget` "
            + "(CAS on an immutable clock) and a fair `Semaphore` (at most half the cores hash at once): it blocks "
            + "by design, never the paths above.\n"
            + "- The 2-thread JMH column above shares one registry, manager and caches between both threads: a "
            + "contended lock would show as a per-thread time well above the 1-thread one.\n";

    public static void main(String[] args) throws Exception {
        new PerformanceReport().run();
    }

    private void run() throws Exception {
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        header(loadAtStart);
        List<String> errors = new ArrayList<>();
        if (config.jmh && config.runs("jmh")) {
            section("JMH", errors, () -> md.append(JmhBench.run()));
        }
        if (config.jmh && config.runs("jmh")) {
            md.append(LOCK_NOTES);
        }
        if (config.runs("startup")) {
            section("start-up", errors, this::startup);
        }
        if (config.karaf && config.runs("karaf")) {
            section("Karaf", errors, () -> md.append(new KarafStartup(config).run()));
        }
        if (config.runs("load") || config.runs("throughput") || config.runs("flood") || config.runs("swap")) {
            section("load", errors, this::load);
        }
        if (config.runs("jdbc")) {
            section("jdbc", errors, () -> md.append(new JdbcBench(config).run()));
        }
        if (config.runs("jetty")) {
            section("jetty", errors, () -> md.append(new JettyComparison(config).run()));
        }
        if (config.runs("barejetty")) {
            section("barejetty", errors, () -> md.append(new BareJettyComparison(config).run()));
        }
        md.append("\n## Load average\n\nAt start: `").append(loadAtStart).append("`; at the end: `")
                .append(Files.readString(Path.of("/proc/loadavg")).trim()).append("`.\n");
        if (!errors.isEmpty()) {
            md.append("\n## Not measured in this run\n\n");
            errors.forEach(e -> md.append("- ").append(e).append('\n'));
        }
        Files.createDirectories(config.output.getParent());
        Files.writeString(config.output, md.toString(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + config.output);
    }

    interface Part {
        void run() throws Exception;
    }

    private void section(String name, List<String> errors, Part part) {
        System.out.println("== " + name);
        try {
            part.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace(System.out);
            errors.add(name + ": " + e);
        }
    }

    private void header(String loadAtStart) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        md.append("# Performance\n\n")
                .append("Written by `").append(System.getProperty("bench.command", "benchmarks/run.sh"))
                .append("` (all figures come from one run on one machine; rerun it to get yours). ")
                .append("Benchmarks are never timed assertions in CI.\n\n")
                .append("| | |\n|---|---|\n")
                .append("| date | ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(" |\n")
                .append("| commit | ").append(System.getProperty("bench.commit", "?")).append(" |\n")
                .append("| CPU | ").append(cpu).append(" |\n")
                .append("| cores (`nproc`) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n")
                .append("| Java | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n")
                .append("| load average at start | ").append(loadAtStart).append(" |\n")
                .append("| wrk | ").append(config.wrkThreads).append(" thread, ").append(config.wrkConnections)
                .append(" keep-alive connections, ").append(config.wrkRounds).append(" rounds of ")
                .append(config.wrkSeconds).append(" s per variant (after ").append(config.wrkWarmupSeconds)
                .append(" s warm-up), after ").append(config.wrkWarmupRounds)
                .append(" unmeasured rounds; throughput runs: ").append(CpuSplit.of(config).describe())
                .append("; the other parts: server and load on the same cores |\n\n");
    }

    private void startup() throws Exception {
        Startup.Result result = new Startup(config).run();
        md.append("\n## Start-up\n\n`java -jar fpauth.jar` (the exported runtime, auth-user in `deploy/`) until ")
                .append("the first answer; median of ").append(config.startups).append(" restarts (data kept).\n\n")
                .append("| | first 200 on `/ready` | `/ready` with `authEnabled:true` |\n|---|---|---|\n")
                .append("| restart, median | ").append(String.format("%.0f ms", Stats.median(result.restartReady())))
                .append(" | ").append(String.format("%.0f ms", Stats.median(result.restartAuth()))).append(" |\n")
                .append("| first start (empty folder, creates `admin`) | ").append(Stats.ms(result.firstStartReady()))
                .append(" ms | ").append(Stats.ms(result.firstStartAuth())).append(" ms |\n")
                .append("\nTarget: first 200 on `/ready` < 1500 ms (median). The runtime holds requests at 503 ")
                .append("until the bundles in `deploy/` (auth-user) have started, so the first 200 already has authentication on.\n");
    }

    private void load() throws Exception {
        BenchRuntime runtime = BenchRuntime.prepare(config, "load", true);
        runtime.start(config.runtimeOptions);
        try {
            long started = System.nanoTime();
            runtime.await("/ready", Duration.ofSeconds(60), r -> r.body().contains("\"authEnabled\":true"));
            // FileInstall brings the benchmark bundle from deploy/ a moment later.
            runtime.awaitOk("/bench/control?op=state&bsn=" + BenchRuntime.CORE, Duration.ofSeconds(60));
            Map<String, String> basic = Credentials.basic();
            Optional<Map<String, String>> cookie = Credentials.sessionCookie(runtime);
            Optional<Map<String, String>> token = Credentials.token(runtime);
            if (config.runs("load") || config.runs("throughput")) {
                throughput(runtime, basic, cookie, token);
                long loadSeconds = (System.nanoTime() - started) / 1_000_000_000L;
                long rss = runtime.rssKiB();
                md.append("\nResident memory (VmRSS) of the runtime after ").append(loadSeconds)
                        .append(" s of load (the throughput runs above): **").append(rss / 1024).append(" MiB** ")
                        .append("(JVM defaults, no -Xmx).\n");
            }
            if (config.runs("load") || config.runs("flood")) {
                loginFlood(runtime, cookie.orElse(basic), cookie.isPresent() ? "session cookie" : "cached HTTP Basic");
            }
            if (config.runs("load") || config.runs("swap")) {
                hotSwap(runtime, basic, cookie, token);
            }
        } finally {
            runtime.stop();
        }
    }

    private void throughput(BenchRuntime runtime, Map<String, String> basic, Optional<Map<String, String>> cookie,
            Optional<Map<String, String>> token) throws Exception {
        Map<String, String> none = Map.of("Accept", "*/*");
        String alice = "hello " + BenchRuntime.USER + "\n";
        List<Throughput.Variant> variants = new ArrayList<>(List.of(
                new Throughput.Variant("anonymous (no manager)", true, false, none, Throughput.ABSENT_BODY)));
        cookie.ifPresent(h -> variants.add(new Throughput.Variant("session cookie", true, true, h, alice)));
        token.ifPresent(h -> variants.add(new Throughput.Variant("access token", true, true, h, alice)));
        variants.add(new Throughput.Variant("repeated HTTP Basic", true, true, basic, alice));
        if (config.diagnose) {
            variants.add(new Throughput.Variant("public route without credentials", true, true, none,
                    Throughput.ABSENT_BODY, "/bench/public"));
            cookie.ifPresent(h -> variants.add(new Throughput.Variant("public route with session cookie", true, true, h,
                    alice, "/bench/public")));
            // the same servlet on the Jakarta Servlet Whiteboard: no javax-on-Jakarta wrappers in Felix HTTP
            variants.add(new Throughput.Variant("Jakarta servlet anonymous (no manager)", true, false, none,
                    Throughput.ABSENT_BODY, "/bench/jakarta"));
            cookie.ifPresent(h -> variants.add(new Throughput.Variant("Jakarta servlet session cookie", true, true, h,
                    alice, "/bench/jakarta")));
        }
        variants.removeIf(v -> !config.runsVariant(v.name()));
        List<Throughput.Row> rows = new Throughput(config, runtime, CpuSplit.of(config)).run(variants);
        Map<String, String> targets = Map.of("anonymous (no manager)", "≥ 0.97", "session cookie", "≥ 0.93",
                "access token", "≥ 0.93", "repeated HTTP Basic", "≥ 0.90");
        md.append("\n## Throughput over keep-alive HTTP (wrk, loopback)\n\n")
                .append("`GET /bench/hello`: one whiteboard servlet that declares `fpauth.require.authentication` and ")
                .append("answers `hello <remote user>`, in one runtime brought to each state in turn through the ")
                .append("benchmark control servlet. Each variant is measured in pairs with its baseline, *fpauth ")
                .append("absent*: core and auth-user bundles stopped (no fpauth preprocessor or filter at all) and ")
                .append("the very same requests sent, credentials included, so the ratio is fpauth's cost alone. ")
                .append("*anonymous* = core, no manager; the others = auth-user active, alice authenticated on every ")
                .append("request. Within a pair the order alternates from round to round; ratio = requests/s of the ")
                .append("variant against its baseline in the same pair; median of the rounds.\n\n")
                .append("*Server CPU/request*: the runtime's CPU time (user + system, `/proc/<pid>/stat`) during the ")
                .append("run divided by its requests (most of it is the kernel's loopback TCP); *CPU ratio* = the ")
                .append("baseline's divided by the variant's, median of the pairs. *Server cores busy* = CPU time per ")
                .append("request times requests per second: with the server pinned (see the machine table), a figure ")
                .append("near its core count shows the server, not wrk, set the pace.\n\n")
                .append("| variant | req/s (median) | baseline req/s (median) | ratio (median) | ratios per round | target ")
                .append("| server CPU/request, variant / baseline (medians) | CPU ratio (median) ")
                .append("| server cores busy, variant / baseline (medians) | non-2xx | p99 latency (last round) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Throughput.Row row : rows) {
            StringBuilder perRound = new StringBuilder();
            row.ratios().forEach(r -> perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format("%.3f", r)));
            md.append("| ").append(row.variant().name()).append(" | ")
                    .append(String.format("%.0f", Stats.median(rps(row.measured())))).append(" | ")
                    .append(String.format("%.0f", Stats.median(rps(row.baseline())))).append(" | **")
                    .append(String.format("%.3f", Stats.median(row.ratios()))).append("** | ").append(perRound)
                    .append(" | ").append(targets.getOrDefault(row.variant().name(), "(diagnostic)")).append(" | ")
                    .append(String.format("%.2f / %.2f µs", Stats.median(cpu(row.measured())),
                            Stats.median(cpu(row.baseline())))).append(" | ")
                    .append(String.format("%.3f", Stats.median(row.cpuRatios()))).append(" | ")
                    .append(String.format("%.2f / %.2f", Stats.median(busy(row.measured())),
                            Stats.median(busy(row.baseline())))).append(" | ")
                    .append(row.nonSuccess()).append(" | ")
                    .append(row.measured().get(row.measured().size() - 1).latencyP99()).append(" |\n");
        }
        if (cookie.isEmpty() || token.isEmpty()) {
            md.append("\nSession cookie and access token rows appear once auth-user offers them.\n");
        }
    }

    private static List<Double> rps(List<Throughput.Sample> samples) {
        return samples.stream().map(Throughput.Sample::requestsPerSecond).collect(java.util.stream.Collectors.toList());
    }

    /** Cores the server kept busy: CPU time per request times requests per second. */
    private static List<Double> busy(List<Throughput.Sample> samples) {
        return samples.stream().map(s -> s.cpuMicros() * s.requestsPerSecond() / 1e6)
                .collect(java.util.stream.Collectors.toList());
    }

    private static List<Double> cpu(List<Throughput.Sample> samples) {
        return samples.stream().map(Throughput.Sample::cpuMicros).collect(java.util.stream.Collectors.toList());
    }

    private void loginFlood(BenchRuntime runtime, Map<String, String> signedIn, String signedInHow) throws Exception {
        runtime.state(true, true);
        md.append("\n## Throughput during a flood of wrong-password logins\n\n")
                .append(config.floodClients).append(" clients send wrong passwords as fast as they are answered, each ")
                .append("attempt naming a random account from another loopback address (127.0.0.2-254, one ")
                .append("connection per attempt), so no per-account or per-address throttle holds them back; ")
                .append("meanwhile wrk measures a public route and a route signed in by ").append(signedInHow)
                .append(". Ratio = requests/s during the flood against just before it; median of 2 rounds.\n\n")
                .append("| flood | route | ratio (median) | per round | target | flood answers (last round) |\n")
                .append("|---|---|---|---|---|---|\n");
        flood(runtime, signedIn, signedInHow, "HTTP Basic on `/bench/hello`", "/bench/hello", null);
        Optional<LoginFlood.FormAttempt> form = Credentials.loginFormAttempts(runtime);
        if (form.isPresent()) {
            flood(runtime, signedIn, signedInHow, "login form `POST /login`", "/login", form.get());
        }
    }

    private void flood(BenchRuntime runtime, Map<String, String> signedIn, String signedInHow, String floodName,
            String floodPath, LoginFlood.FormAttempt form) throws Exception {
        Wrk wrk = new Wrk(config);
        Map<String, String> none = Map.of("Accept", "*/*");
        List<Double> publicRatios = new ArrayList<>();
        List<Double> signedInRatios = new ArrayList<>();
        String floodSummary = "";
        double attemptsPerSecond = 0;
        for (int round = 0; round < 2; round++) {
            wrk.run(runtime.url("/bench/public"), none, config.wrkWarmupSeconds);
            double publicBase = wrk.run(runtime.url("/bench/public"), none, config.wrkSeconds).requestsPerSecond();
            double signedBase = wrk.run(runtime.url("/bench/hello"), signedIn, config.wrkSeconds).requestsPerSecond();
            double publicFlood;
            double signedFlood;
            long floodStart = System.nanoTime();
            try (LoginFlood flood = new LoginFlood(runtime.port, config.floodClients, floodPath, form).start()) {
                Thread.sleep(2000);
                publicFlood = wrk.run(runtime.url("/bench/public"), none, config.wrkSeconds).requestsPerSecond();
                signedFlood = wrk.run(runtime.url("/bench/hello"), signedIn, config.wrkSeconds).requestsPerSecond();
                attemptsPerSecond = flood.attempts() / ((System.nanoTime() - floodStart) / 1e9);
                floodSummary = flood.summary();
            }
            System.out.printf("  %s round %d: public %.0f -> %.0f req/s, signed in %.0f -> %.0f req/s; flood %s%n",
                    floodName, round + 1, publicBase, publicFlood, signedBase, signedFlood, floodSummary);
            publicRatios.add(publicFlood / publicBase);
            signedInRatios.add(signedFlood / signedBase);
        }
        String answers = "status " + floodSummary + String.format("; about %.0f attempts/s", attemptsPerSecond);
        md.append("| ").append(floodName).append(" | public `/bench/public` | **")
                .append(String.format("%.3f", Stats.median(publicRatios))).append("** | ").append(list(publicRatios))
                .append(" | ≥ 0.8 | ").append(answers).append(" |\n")
                .append("| ").append(floodName).append(" | signed in (").append(signedInHow).append(") `/bench/hello` | **")
                .append(String.format("%.3f", Stats.median(signedInRatios))).append("** | ")
                .append(list(signedInRatios)).append(" | ≥ 0.8 | |\n");
    }

    private void hotSwap(BenchRuntime runtime, Map<String, String> basic, Optional<Map<String, String>> cookie,
            Optional<Map<String, String>> token) throws Exception {
        runtime.state(true, true);
        List<Probe> probes = new ArrayList<>(List.of(
                Probe.anonymousOnProtected(),
                Probe.signedInOnProtected("HTTP Basic, protected route", basic, BenchRuntime.USER),
                Probe.nonAdminOnAdmin(basic),
                Probe.me(basic, BenchRuntime.USER)));
        cookie.ifPresent(h -> probes.add(Probe.signedInOnProtected("session cookie, protected route", h, BenchRuntime.USER)));
        token.ifPresent(h -> probes.add(Probe.signedInOnProtected("access token, protected route", h, BenchRuntime.USER)));
        HotSwapBench.Result r = new HotSwapBench(runtime, probes, config.swaps, 1).run();
        md.append("\n## Hot swap under load\n\n")
                .append("The auth-user bundle stopped and started ").append(r.swaps()).append(" times (in-process ")
                .append("`Bundle.stop()` / `Bundle.start()`, timestamped by the benchmark control servlet) while ")
                .append(probes.size()).append(" client threads send requests back to back over keep-alive ")
                .append("connections: ");
        for (int i = 0; i < probes.size(); i++) {
            md.append(i == 0 ? "" : "; ").append(probes.get(i).name());
        }
        md.append(". Every answer is checked against the rules (enforced: 401 or login redirect without ")
                .append("credentials, the signed-in user, 403 for a non-admin on `/admin`; no manager: anonymous, ")
                .append("open); anything else breaks them. A public route answers anonymously to credentials ")
                .append("that were refused (e.g. throttled, 429 elsewhere): such `/api/me` answers count as the ")
                .append("no-manager state.\n\n")
                .append("*Stale window*: from the call returning to the send time of the last request that still got the ")
                .append("previous state's answer (0 when none did). *Observed*: until every client has received an ")
                .append("answer of the new state to a request sent after the call returned (one round trip; after ")
                .append("a start, the first Basic request of each client also pays one password hash, since a new ")
                .append("manager starts with an empty credential cache).\n\n")
                .append("| ms | p50 | p99 | max | target |\n|---|---|---|---|---|\n");
        row("stop() returned → every route anonymous: stale window", r.staleAfterStop(), "p99 ≤ 50");
        row("stop() returned → every route anonymous: observed", r.observedAfterStop(), "");
        row("start() returned → enforced: stale window", r.staleAfterStart(), "p99 ≤ 200");
        row("start() returned → enforced: observed", r.observedAfterStart(), "");
        row("duration of the stop() call", r.stopCall(), "");
        row("duration of the start() call", r.startCall(), "");
        md.append("\n| requests | 5xx | rule-breaking answers | swaps after which a client did not see the new state within 10 s |\n|---|---|---|---|\n| ").append(r.requests()).append(" | **")
                .append(r.serverErrors()).append("** (target 0) | **").append(r.broken()).append("** (target 0)")
                .append(r.brokenExamples().isEmpty() ? "" : ": " + String.join("; ", r.brokenExamples())).append(" | ")
                .append(r.unconverged()).append(" |\n");
    }

    private void row(String name, long[] nanos, String target) {
        md.append("| ").append(name).append(" | ").append(Stats.ms(Stats.percentile(nanos, 50))).append(" | ")
                .append(Stats.ms(Stats.percentile(nanos, 99))).append(" | ").append(Stats.ms(Stats.percentile(nanos, 100)))
                .append(" | ").append(target).append(" |\n");
    }

    private static String list(List<Double> values) {
        StringBuilder out = new StringBuilder();
        values.forEach(v -> out.append(out.length() == 0 ? "" : ", ").append(String.format("%.3f", v)));
        return out.toString();
    }
}
