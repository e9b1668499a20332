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

/**
 * Part {@code barejetty}: where Jetty 12's time goes. The benchmark servlet's anonymous answer, with
 * fpauth absent, from six servers in one run: both runtimes (Felix HTTP on Jetty 9.4 and on
 * Jetty 12, fpauth's core stopped) and the same servlet on an embedded Jetty 9.4 and Jetty 12 without
 * OSGi (set up as Felix HTTP sets up its own), the last also with no reserved threads (a Jetty
 * setting that Felix HTTP does not offer), and the Jetty 12 runtime once more without fpauth's
 * connector guard (what the guard costs). Per request: requests/s, server CPU time, and voluntary
 * context switches (thread hand-offs). All run throughout on the server's cores; each round measures
 * every server once, which goes first rotating from round to round.
 */
final class BareJettyComparison {

    private final Config config;

    BareJettyComparison(Config config) {
        this.config = config;
    }

    /** One server's measured rounds. */
    private record Contender(String name, ServerProcess server, List<double[]> samples) {
        static final int RPS = 0;
        static final int CPU_MICROS = 1;
        static final int SWITCHES = 2;
        static final int NON_SUCCESS = 3;
        static final int P99_MILLIS = 4;

        List<Double> values(int index) {
            return samples.stream().map(s -> s[index]).toList();
        }
    }

    String run() throws Exception {
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        Path logs = config.work.resolve("barejetty");
        BenchRuntime felix94 = BenchRuntime.prepare(config, config.jetty94RuntimeFolder, "barejetty-felix94", false);
        BenchRuntime felix12 = BenchRuntime.prepare(config, config.runtimeFolder, "barejetty-felix12", false);
        BenchRuntime felix12Unguarded = BenchRuntime.prepare(config, config.runtimeFolder, "barejetty-felix12-unguarded",
                false);
        String main94 = "io.github.fpauth.bench.bare.BareJetty94";
        String main12 = "io.github.fpauth.bench.bare.BareJetty12";
        try (BareServer bare94 = new BareServer(config.bareJetty94, main94);
                BareServer bare12 = new BareServer(config.bareJetty12, main12);
                BareServer bare12Unreserved = new BareServer(config.bareJetty12, main12, "0")) {
            felix94.start(config.runtimeOptions);
            felix12.start(config.runtimeOptions);
            felix12Unguarded.start(withoutConnectorGuard(config.runtimeOptions));
            for (BenchRuntime runtime : List.of(felix94, felix12, felix12Unguarded)) {
                runtime.awaitOk("/ready", Duration.ofSeconds(60));
                runtime.awaitOk("/bench/control?op=state&bsn=" + BenchRuntime.CORE, Duration.ofSeconds(60));
                runtime.state(false, false);
            }
            bare94.start(logs.resolve("bare-jetty94.log"));
            bare12.start(logs.resolve("bare-jetty12.log"));
            bare12Unreserved.start(logs.resolve("bare-jetty12-unreserved.log"));
            String service94 = felix94.httpService();
            String service12 = felix12.httpService();
            List<Contender> contenders = List.of(
                    new Contender("Felix HTTP, " + service94 + ", fpauth absent", felix94, new ArrayList<>()),
                    new Contender("bare Jetty 9.4, no OSGi", bare94, new ArrayList<>()),
                    new Contender("Felix HTTP, " + service12 + ", fpauth absent", felix12, new ArrayList<>()),
                    new Contender("Felix HTTP, " + service12 + ", fpauth absent, without fpauth's connector guard",
                            felix12Unguarded, new ArrayList<>()),
                    new Contender("bare Jetty 12, no OSGi", bare12, new ArrayList<>()),
                    new Contender("bare Jetty 12, no OSGi, no reserved threads", bare12Unreserved, new ArrayList<>()));
            return measure(contenders, loadAtStart);
        } finally {
            felix94.stop();
            felix12.stop();
            felix12Unguarded.stop();
        }
    }

    /**
     * The runtime's options without the Jetty 12 connector guard (jetty12-bundle): Felix HTTP's
     * customizer slot off, and the core no longer requiring the guard's mark. The guard bundle stays
     * installed, idle. What the guard costs per request is this row against the one above it.
     */
    private static String[] withoutConnectorGuard(String[] options) {
        List<String> all = new ArrayList<>(List.of(options));
        all.add("-Dorg.apache.felix.proxy.load.balancer.connection.enable=false");
        all.add("-Dfpauth.connector.guard.required=false");
        return all.toArray(String[]::new);
    }

    private String measure(List<Contender> contenders, String loadAtStart) throws Exception {
        CpuSplit cpus = CpuSplit.of(config);
        Wrk wrk = new Wrk(config, cpus);
        Map<String, String> headers = Map.of("Accept", "*/*");
        for (Contender contender : contenders) {
            Http.Response check = Http.get(contender.server().url("/bench/hello"), headers);
            if (check.status() != 200 || !check.body().equals(Throughput.ABSENT_BODY)) {
                throw new IllegalStateException(contender.name() + ": expected 200 " + Throughput.ABSENT_BODY
                        + ", got " + check);
            }
            cpus.pinServer(contender.server().pid());
        }
        try {
            for (int round = 0; round < config.wrkWarmupRounds; round++) {
                for (Contender contender : contenders) {
                    wrk.run(contender.server().url("/bench/hello"), headers, config.wrkWarmupSeconds + config.wrkSeconds);
                }
            }
            for (int round = 0; round < config.wrkRounds; round++) {
                for (int i = 0; i < contenders.size(); i++) {
                    Contender contender = contenders.get((round + i) % contenders.size());
                    ServerProcess server = contender.server();
                    wrk.run(server.url("/bench/hello"), headers, config.wrkWarmupSeconds);
                    long cpuBefore = server.cpuNanos();
                    long switchesBefore = server.voluntaryContextSwitches();
                    Wrk.Result result = wrk.run(server.url("/bench/hello"), headers, config.wrkSeconds);
                    double requests = Math.max(1, result.requests());
                    double cpuMicros = (server.cpuNanos() - cpuBefore) / 1000.0 / requests;
                    double switches = (server.voluntaryContextSwitches() - switchesBefore) / requests;
                    contender.samples().add(new double[] { result.requestsPerSecond(), cpuMicros, switches,
                            result.nonSuccess(), result.p99Millis() });
                    System.out.printf("  round %d %-60s %10.0f req/s  %6.2f µs CPU/request  %5.2f switches/request  p99 %s%n",
                            round + 1, contender.name(), result.requestsPerSecond(), cpuMicros, switches,
                            result.latencyP99());
                }
            }
        } finally {
            for (Contender contender : contenders) {
                cpus.release(contender.server().pid());
            }
        }
        return report(contenders, loadAtStart, cpus);
    }

    private String report(List<Contender> contenders, String loadAtStart, CpuSplit cpus) throws IOException {
        Contender reference = contenders.get(0);
        StringBuilder md = new StringBuilder();
        md.append("\n### Where Jetty 12's time goes: the web servers without OSGi\n\n")
                .append("*Part `barejetty`: `").append(System.getProperty("bench.command", "benchmarks/run.sh"))
                .append("`, ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append(", commit ").append(System.getProperty("bench.commit", "?"))
                .append(", load average at start `").append(loadAtStart).append("`, at the end `")
                .append(Files.readString(Path.of("/proc/loadavg")).trim()).append("`.*\n\n")
                .append("`GET /bench/hello` without credentials, fpauth absent, from six servers: both runtimes ")
                .append("with fpauth's core stopped, and the benchmark servlet's answer on an embedded Jetty of the ")
                .append("same release started from a plain class path (`benchmarks/bare-jetty94`, `bare-jetty12`: no ")
                .append("OSGi, no Felix HTTP, no fpauth; a pool of 8 to 200 threads, one acceptor, one selector and ")
                .append("a session handler, as Felix HTTP builds its server). The last row sets Jetty 12's pool to ")
                .append("no reserved threads, a setting Felix HTTP does not offer. The fourth row is the Jetty 12 ")
                .append("runtime once more, without fpauth's connector guard (`-Dorg.apache.felix.proxy.load.balancer.")
                .append("connection.enable=false -Dfpauth.connector.guard.required=false`): against the third row, ")
                .append("what the guard costs. ").append(config.wrkRounds)
                .append(" rounds of ").append(config.wrkSeconds).append(" s each after ")
                .append(config.wrkWarmupRounds).append(" unmeasured ones; in each round every server once, ")
                .append("which goes first rotating; all six run throughout, ").append(cpus.describe())
                .append(". *Context switches*: the voluntary ones of all the server's threads (a thread waits ")
                .append("and another runs: each hand-off of a request between threads counts at least once), ")
                .append("per request; *p99 latency*: wrk's 99th percentile of the round; medians of the rounds.\n\n")
                .append("| server | req/s | / first row, per round (median) | server CPU/request | voluntary context ")
                .append("switches/request | p99 latency | non-2xx |\n|---|---|---|---|---|---|---|\n");
        for (Contender contender : contenders) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < contender.samples().size(); round++) {
                ratios.add(contender.samples().get(round)[Contender.RPS]
                        / reference.samples().get(round)[Contender.RPS]);
            }
            md.append("| ").append(contender.name()).append(" | ")
                    .append(String.format("%.0f", Stats.median(contender.values(Contender.RPS)))).append(" | **")
                    .append(String.format("%.3f", Stats.median(ratios))).append("** | ")
                    .append(String.format("%.2f µs", Stats.median(contender.values(Contender.CPU_MICROS))))
                    .append(" | ").append(String.format("%.2f", Stats.median(contender.values(Contender.SWITCHES))))
                    .append(" | ").append(String.format("%.2f ms", Stats.median(contender.values(Contender.P99_MILLIS))))
                    .append(" | ").append(String.format("%.0f",
                            contender.values(Contender.NON_SUCCESS).stream().mapToDouble(Double::doubleValue).sum()))
                    .append(" |\n");
        }
        return md.toString();
    }
}
