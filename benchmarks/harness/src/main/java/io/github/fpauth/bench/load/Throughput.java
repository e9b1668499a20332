package io.github.fpauth.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * wrk against the same servlet ({@code /bench/hello}, which declares a requirement) in one
 * runtime brought to each state in turn. Each variant is measured in pairs with its baseline:
 * the very same requests (same headers, credentials included) sent while fpauth is absent (core
 * and auth-user stopped), so the ratio is fpauth's cost alone and not, say, the server parsing a
 * longer request. Within a pair the order alternates from round to round, so slow drift of the
 * machine hits both sides alike; the ratio reported is the median over the rounds.
 */
final class Throughput {

    record Variant(String name, boolean core, boolean authUser, Map<String, String> headers, String expectedBody,
            String path) {

        Variant(String name, boolean core, boolean authUser, Map<String, String> headers, String expectedBody) {
            this(name, core, authUser, headers, expectedBody, "/bench/hello");
        }
    }

    /** One side of a pair: requests per second and the server's CPU time per request (µs). */
    record Sample(double requestsPerSecond, double cpuMicros, long nonSuccess, String latencyP99) {

        double p99Millis() {
            return Wrk.millis(latencyP99);
        }

    }

    /**
     * {@code cpuMicros}: the server's CPU time per request (user + system, from /proc), which other
     * processes on the machine disturb less than requests per second.
     */
    record Row(Variant variant, List<Sample> measured, List<Sample> baseline) {

        List<Double> ratios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < measured.size(); i++) {
                ratios.add(measured.get(i).requestsPerSecond() / baseline.get(i).requestsPerSecond());
            }
            return ratios;
        }

        List<Double> cpuRatios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < measured.size(); i++) {
                ratios.add(baseline.get(i).cpuMicros() / measured.get(i).cpuMicros());
            }
            return ratios;
        }

        long nonSuccess() {
            return measured.stream().mapToLong(Sample::nonSuccess).sum()
                    + baseline.stream().mapToLong(Sample::nonSuccess).sum();
        }
    }

    static final String ABSENT_BODY = "hello anonymous\n";

    private final Config config;
    private final BenchRuntime runtime;
    private final CpuSplit cpus;
    private final Wrk wrk;
    private final String label;

    Throughput(Config config, BenchRuntime runtime, CpuSplit cpus) {
        this(config, runtime, cpus, "");
    }

    /** {@code label} names the runtime in the console output and the phase hook's labels (when several are compared). */
    Throughput(Config config, BenchRuntime runtime, CpuSplit cpus, String label) {
        this.config = config;
        this.runtime = runtime;
        this.cpus = cpus;
        this.wrk = new Wrk(config, cpus);
        this.label = label;
    }

    /** Measures every variant; the server and wrk keep to their own cores meanwhile (see {@link CpuSplit}). */
    List<Row> run(List<Variant> variants) throws Exception {
        pinServer();
        try {
            List<Row> rows = rows(variants);
            warmUp(variants);
            for (int round = 0; round < config.wrkRounds; round++) {
                measureRound(round, rows);
            }
            return rows;
        } finally {
            releaseServer();
        }
    }

    /** Confines the runtime to the server's cores, for {@link #warmUp} and {@link #measureRound}. */
    void pinServer() throws IOException, InterruptedException {
        cpus.pinServer(runtime.pid());
    }

    void releaseServer() throws IOException, InterruptedException {
        cpus.release(runtime.pid());
    }

    /** One row per variant, without samples yet. */
    static List<Row> rows(List<Variant> variants) {
        List<Row> rows = new ArrayList<>();
        for (Variant variant : variants) {
            rows.add(new Row(variant, new ArrayList<>(), new ArrayList<>()));
        }
        return rows;
    }

    /**
     * Unmeasured rounds first, the very sequence of the measured ones, state switches included: the
     * JIT has compiled, and compiled again for the type profiles that each switch brings, before any
     * round counts (with one short pass, the first measured rounds still paid for the compiler).
     */
    void warmUp(List<Variant> variants) throws Exception {
        for (int round = 0; round < config.wrkWarmupRounds; round++) {
            for (Variant variant : variants) {
                for (Variant side : List.of(variant, absent(variant))) {
                    runtime.state(side.core(), side.authUser());
                    wrk.run(runtime.url(side.path()), side.headers(), config.wrkWarmupSeconds + config.wrkSeconds);
                }
            }
        }
    }

    /** One measured round: a pair (variant, baseline) per row, added to the row. */
    void measureRound(int round, List<Row> rows) throws Exception {
        for (int v = 0; v < rows.size(); v++) {
            Variant variant = rows.get(v).variant();
            Variant absent = absent(variant);
            boolean absentFirst = (round + v) % 2 == 0;
            Sample first = measure(round, absentFirst ? absent : variant, variant.name());
            Sample second = measure(round, absentFirst ? variant : absent, variant.name());
            rows.get(v).measured().add(absentFirst ? second : first);
            rows.get(v).baseline().add(absentFirst ? first : second);
        }
    }

    /** The baseline of a variant: fpauth absent, the very same requests. */
    private static Variant absent(Variant variant) {
        return new Variant("fpauth absent, same requests", false, false, variant.headers(), ABSENT_BODY,
                variant.path());
    }

    private Sample measure(int round, Variant variant, String pair) throws Exception {
        runtime.state(variant.core(), variant.authUser());
        Http.Response check = Http.get(runtime.url(variant.path()), variant.headers());
        if (check.status() != 200 || !check.body().equals(variant.expectedBody())) {
            throw new IllegalStateException(variant.name() + ": expected 200 " + variant.expectedBody() + ", got "
                    + check);
        }
        wrk.run(runtime.url(variant.path()), variant.headers(), config.wrkWarmupSeconds);
        String label = ((this.label.isEmpty() ? "" : this.label + "-") + pair + "-" + (variant.core() ? "on" : "absent")
                + "-" + round).replaceAll("[^A-Za-z0-9-]", "_");
        phaseHook("start", label, runtime.pid());
        long cpuBefore = runtime.cpuNanos();
        Wrk.Result result = wrk.run(runtime.url(variant.path()), variant.headers(), config.wrkSeconds);
        phaseHook("stop", label, result.requests());
        double cpuMicros = (runtime.cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, result.requests());
        System.out.printf("  %sround %d %-24s %-30s %10.0f req/s  %6.2f µs CPU/request  non-2xx %d  p99 %s%n",
                this.label.isEmpty() ? "" : this.label + " ", round + 1, pair, variant.name(), result.requestsPerSecond(), cpuMicros, result.nonSuccess(),
                result.latencyP99());
        return new Sample(result.requestsPerSecond(), cpuMicros, result.nonSuccess(), result.latencyP99());
    }

    private void phaseHook(String phase, String label, long value) throws Exception {
        if (!config.phaseHook.isEmpty()) {
            int status = new ProcessBuilder(config.phaseHook, phase, label, Long.toString(value)).inheritIO().start()
                    .waitFor();
            if (status != 0) {
                throw new IllegalStateException("bench.phaseHook " + phase + " " + label + " exited with " + status);
            }
        }
    }
}
