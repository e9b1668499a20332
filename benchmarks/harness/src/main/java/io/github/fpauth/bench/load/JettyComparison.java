package io.github.fpauth.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Part {@code jetty}: the runtime on Jetty 12 (the runtime module's folder) against the same
 * runtime on Jetty 9.4 (benchmarks/jetty94-runtime), side by side in one run: start-up as part
 * {@code startup} measures it, throughput of the benchmark servlet paired with fpauth absent as
 * part {@code load} measures it, and resident memory after that load. The two take turns
 * throughout (one start, or one round of every variant, at a time), and which goes first alternates
 * from turn to turn, so drift of the machine hits both alike.
 */
final class JettyComparison {

    private static final String JETTY94 = "Jetty 9.4";
    private static final String JETTY12 = "Jetty 12";

    private final Config config;

    JettyComparison(Config config) {
        this.config = config;
    }

    /** A compared runtime: where the build assembled it, and what this part measured of it. */
    private static final class Side {
        final String name;
        final Path assembled;
        final String folder;
        Startup.Result startup;
        List<Throughput.Row> rows;
        long rssKiB;
        String httpService;

        Side(String name, Path assembled, String folder) {
            this.name = name;
            this.assembled = assembled;
            this.folder = folder;
        }
    }

    String run() throws Exception {
        String loadAtStart = loadAverage();
        long[] cpuAtStart = cpuTimes();
        Side jetty94 = new Side(JETTY94, config.jetty94RuntimeFolder, "jetty94");
        Side jetty12 = new Side(JETTY12, config.runtimeFolder, "jetty12");
        for (Side side : List.of(jetty94, jetty12)) {
            if (!Files.isRegularFile(side.assembled.resolve("fpauth.jar"))) {
                throw new IllegalStateException("no fpauth.jar in " + side.assembled + " (run.sh builds it)");
            }
        }
        startup(jetty94, jetty12);
        throughput(jetty94, jetty12);
        return report(jetty94, jetty12, loadAtStart, cpuAtStart);
    }

    private void startup(Side a, Side b) throws Exception {
        Startup startA = new Startup(config, a.assembled, "startup-" + a.folder);
        Startup startB = new Startup(config, b.assembled, "startup-" + b.folder);
        for (int i = 0; i <= config.startups; i++) {
            for (Startup startup : i % 2 == 0 ? List.of(startA, startB) : List.of(startB, startA)) {
                startup.startOnce();
            }
        }
        a.startup = startA.result();
        b.startup = startB.result();
    }

    private void throughput(Side a, Side b) throws Exception {
        BenchRuntime runtimeA = BenchRuntime.prepare(config, a.assembled, a.folder, true);
        BenchRuntime runtimeB = BenchRuntime.prepare(config, b.assembled, b.folder, true);
        try {
            runtimeA.start(config.runtimeOptions);
            runtimeB.start(config.runtimeOptions);
            for (BenchRuntime runtime : List.of(runtimeA, runtimeB)) {
                runtime.await("/ready", Duration.ofSeconds(60), r -> r.body().contains("\"authEnabled\":true"));
                // FileInstall brings the benchmark bundle from deploy/ a moment later.
                runtime.awaitOk("/bench/control?op=state&bsn=" + BenchRuntime.CORE, Duration.ofSeconds(60));
            }
            List<Throughput.Variant> variantsA = variants(runtimeA);
            List<Throughput.Variant> variantsB = variants(runtimeB);
            if (!names(variantsA).equals(names(variantsB))) {
                throw new IllegalStateException("the runtimes offer different variants: " + names(variantsA) + " and "
                        + names(variantsB));
            }
            CpuSplit cpus = CpuSplit.of(config);
            Throughput throughputA = new Throughput(config, runtimeA, cpus, a.name);
            Throughput throughputB = new Throughput(config, runtimeB, cpus, b.name);
            a.rows = Throughput.rows(variantsA);
            b.rows = Throughput.rows(variantsB);
            // Both on the server's cores throughout: the one not measured idles there.
            throughputA.pinServer();
            throughputB.pinServer();
            try {
                throughputA.warmUp(variantsA);
                throughputB.warmUp(variantsB);
                for (int round = 0; round < config.wrkRounds; round++) {
                    if (round % 2 == 0) {
                        throughputA.measureRound(round, a.rows);
                        throughputB.measureRound(round, b.rows);
                    } else {
                        throughputB.measureRound(round, b.rows);
                        throughputA.measureRound(round, a.rows);
                    }
                }
            } finally {
                throughputA.releaseServer();
                throughputB.releaseServer();
            }
            a.rssKiB = runtimeA.rssKiB();
            b.rssKiB = runtimeB.rssKiB();
            a.httpService = runtimeA.httpService();
            b.httpService = runtimeB.httpService();
        } finally {
            runtimeA.stop();
            runtimeB.stop();
        }
    }

    /** Part {@code load}'s variants without access tokens: no manager, session cookie, repeated Basic. */
    private List<Throughput.Variant> variants(BenchRuntime runtime) {
        Map<String, String> none = Map.of("Accept", "*/*");
        String alice = "hello " + BenchRuntime.USER + "\n";
        List<Throughput.Variant> variants = new ArrayList<>();
        variants.add(new Throughput.Variant("anonymous (no manager)", true, false, none, Throughput.ABSENT_BODY));
        Credentials.sessionCookie(runtime)
                .ifPresent(h -> variants.add(new Throughput.Variant("session cookie", true, true, h, alice)));
        variants.add(new Throughput.Variant("repeated HTTP Basic", true, true, Credentials.basic(), alice));
        variants.removeIf(v -> !config.runsVariant(v.name()));
        return variants;
    }

    private String report(Side a, Side b, String loadAtStart, long[] cpuAtStart) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("\n## Jetty 12 against Jetty 9.4\n\n")
                .append("*Part `jetty`: `").append(System.getProperty("bench.command", "benchmarks/run.sh"))
                .append("`, ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(", commit ").append(System.getProperty("bench.commit", "?"))
                .append(", load average at start `").append(loadAtStart).append("`, at the end `")
                .append(loadAverage()).append("`, CPU steal during the part ")
                .append(String.format("%.1f %%", stealPercent(cpuAtStart, cpuTimes()))).append(".*\n\n")
                .append("The runtime (`runtime/target/fpauth`: ").append(b.httpService)
                .append(") against the same runtime on Jetty 9.4 (`benchmarks/jetty94-runtime`: ").append(a.httpService)
                .append(", servlet-api 1.2.0, commons-fileupload 1.5, and no Jakarta adapter, which needs the Jakarta ")
                .append("Servlet Whiteboard), each a copy of its folder with `bench-bundle` in `deploy/`. The two take ")
                .append("turns throughout, one start or one round of every variant at a time, and which goes first ")
                .append("alternates from turn to turn, so drift of the machine hits both alike.\n\n")
                .append("Start-up as in section *Start-up* (`java -jar fpauth.jar`, the first start of a fresh folder, ")
                .append("then ").append(config.startups).append(" restarts each, data kept; medians); resident memory ")
                .append("(VmRSS) of each runtime after the throughput runs below, which both served alike (JVM ")
                .append("defaults, no -Xmx). *Jetty 12 / Jetty 9.4*: the ratio of the figures; below 1, Jetty 12 starts ")
                .append("sooner or takes less memory.\n\n")
                .append("| | ").append(a.name).append(" | ").append(b.name).append(" | ").append(b.name).append(" / ")
                .append(a.name).append(" |\n|---|---|---|---|\n");
        startupRow(md, "restart → first 200 on `/ready`, median", Stats.median(a.startup.restartReady()),
                Stats.median(b.startup.restartReady()));
        startupRow(md, "restart → `/ready` with `authEnabled:true`, median", Stats.median(a.startup.restartAuth()),
                Stats.median(b.startup.restartAuth()));
        startupRow(md, "first start (empty folder, creates `admin`) → first 200 on `/ready`",
                a.startup.firstStartReady() / 1e6, b.startup.firstStartReady() / 1e6);
        md.append("| resident memory (VmRSS) after the throughput runs | ").append(a.rssKiB / 1024).append(" MiB | ")
                .append(b.rssKiB / 1024).append(" MiB | **")
                .append(String.format("%.2f", (double) b.rssKiB / a.rssKiB)).append("** |\n");
        md.append("\nThroughput of `GET /bench/hello` as in section *Throughput over keep-alive HTTP*: each variant ")
                .append("in pairs with fpauth absent (the very same requests), ").append(config.wrkRounds)
                .append(" rounds after ").append(config.wrkWarmupRounds).append(" unmeasured ones per runtime; ")
                .append("both runtimes run throughout on the server's cores, only the one measured receives requests. ")
                .append("*Jetty 12 / Jetty 9.4*: Jetty 12's requests/s against Jetty 9.4's in the same round (one ")
                .append("right after the other), median of the rounds; above 1, Jetty 12 serves more. *fpauth / ")
                .append("absent*: each runtime's own ratio of the pair (fpauth's cost on that server), median of the ")
                .append("rounds.\n\n")
                .append("| requests | ").append(a.name).append(" req/s (median) | ").append(b.name)
                .append(" req/s (median) | ").append(b.name).append(" / ").append(a.name).append(" (median) | per round ")
                .append("| fpauth / absent, ").append(a.name).append(" | fpauth / absent, ").append(b.name)
                .append(" | server CPU/request, ").append(a.name).append(" / ").append(b.name)
                .append(" (medians) | p99 latency, ").append(a.name).append(" / ").append(b.name)
                .append(" (medians) | non-2xx |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (int v = 0; v < a.rows.size(); v++) {
            Throughput.Row rowA = a.rows.get(v);
            Throughput.Row rowB = b.rows.get(v);
            throughputRow(md, rowA.variant().name(), rowA.measured(), rowB.measured(),
                    String.format("%.3f", Stats.median(rowA.ratios())), String.format("%.3f", Stats.median(rowB.ratios())),
                    rowA.nonSuccess() + rowB.nonSuccess());
            throughputRow(md, "↳ fpauth absent, same requests", rowA.baseline(), rowB.baseline(), "", "", -1);
        }
        return md.toString();
    }

    private static void startupRow(StringBuilder md, String name, double msA, double msB) {
        md.append("| ").append(name).append(" | ").append(String.format("%.0f ms", msA)).append(" | ")
                .append(String.format("%.0f ms", msB)).append(" | **").append(String.format("%.2f", msB / msA))
                .append("** |\n");
    }

    private static void throughputRow(StringBuilder md, String name, List<Throughput.Sample> a,
            List<Throughput.Sample> b, String fpauthA, String fpauthB, long nonSuccess) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < a.size(); round++) {
            ratios.add(b.get(round).requestsPerSecond() / a.get(round).requestsPerSecond());
        }
        StringBuilder perRound = new StringBuilder();
        ratios.forEach(r -> perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format("%.3f", r)));
        md.append("| ").append(name).append(" | ")
                .append(String.format("%.0f", median(a, Throughput.Sample::requestsPerSecond))).append(" | ")
                .append(String.format("%.0f", median(b, Throughput.Sample::requestsPerSecond))).append(" | **")
                .append(String.format("%.3f", Stats.median(ratios))).append("** | ").append(perRound).append(" | ")
                .append(fpauthA.isEmpty() ? "" : "**" + fpauthA + "**").append(" | ")
                .append(fpauthB.isEmpty() ? "" : "**" + fpauthB + "**").append(" | ")
                .append(String.format("%.2f / %.2f µs", median(a, Throughput.Sample::cpuMicros),
                        median(b, Throughput.Sample::cpuMicros))).append(" | ")
                .append(String.format("%.2f / %.2f ms", median(a, Throughput.Sample::p99Millis),
                        median(b, Throughput.Sample::p99Millis))).append(" | ")
                .append(nonSuccess < 0 ? "" : Long.toString(nonSuccess)).append(" |\n");
    }

    private static double median(List<Throughput.Sample> samples, ToDoubleFunction<Throughput.Sample> value) {
        List<Double> values = new ArrayList<>();
        samples.forEach(s -> values.add(value.applyAsDouble(s)));
        return Stats.median(values);
    }

    private static List<String> names(List<Throughput.Variant> variants) {
        return variants.stream().map(Throughput.Variant::name).toList();
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** The machine's CPU time so far, from the first line of /proc/stat: user, nice, system, idle, ..., steal. */
    private static long[] cpuTimes() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] times = new long[fields.length - 1];
        for (int i = 1; i < fields.length; i++) {
            times[i - 1] = Long.parseLong(fields[i]);
        }
        return times;
    }

    /** The share of CPU time the hypervisor gave to others (steal, the eighth field) between two readings. */
    private static double stealPercent(long[] before, long[] after) {
        long total = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
        for (int i = 0; i < Math.min(8, after.length); i++) {
            total += after[i] - before[i];
        }
        return after.length < 8 || total == 0 ? 0 : 100.0 * (after[7] - before[7]) / total;
    }
}
