package io.github.fpauth.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * wrk against the same servlet ({@code /bench/hello}, which declares a requirement) in one
 * runtime brought to each state in turn: fpauth absent (core and auth-user stopped), anonymous
 * (core, no manager), and authenticated by each credential alice has. Rounds interleave the
 * variants; ratios are taken within a round, against the absent variant of that round.
 */
final class Throughput {

    record Variant(String name, boolean core, boolean authUser, Map<String, String> headers, String expectedBody) {
    }

    /**
     * {@code cpuMicros}: the server's CPU time per request (user + system, from /proc), which other
     * processes on the machine disturb far less than requests per second.
     */
    record Row(Variant variant, List<Double> rps, List<Double> ratios, List<Double> cpuMicros, long nonSuccess,
            String latencyP99) {
    }

    private final Config config;
    private final BenchRuntime runtime;
    private final Wrk wrk;

    Throughput(Config config, BenchRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
        this.wrk = new Wrk(config);
    }

    List<Row> run(List<Variant> variants) throws Exception {
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, Long> bad = new LinkedHashMap<>();
        Map<String, String> p99 = new LinkedHashMap<>();
        // One unmeasured round first: every state's code is compiled before any round counts.
        for (Variant variant : variants) {
            runtime.state(variant.core(), variant.authUser());
            wrk.run(runtime.url("/bench/hello"), variant.headers(), config.wrkWarmupSeconds);
        }
        for (int round = 0; round < config.wrkRounds; round++) {
            double absent = 0;
            for (Variant variant : variants) {
                runtime.state(variant.core(), variant.authUser());
                Http.Response check = Http.get(runtime.url("/bench/hello"), variant.headers());
                if (check.status() != 200 || !check.body().equals(variant.expectedBody())) {
                    throw new IllegalStateException(variant.name() + ": expected 200 " + variant.expectedBody()
                            + ", got " + check);
                }
                wrk.run(runtime.url("/bench/hello"), variant.headers(), config.wrkWarmupSeconds);
                long cpuBefore = runtime.cpuNanos();
                Wrk.Result result = wrk.run(runtime.url("/bench/hello"), variant.headers(), config.wrkSeconds);
                double cpuMicros = (runtime.cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, result.requests());
                System.out.printf("  round %d %-28s %10.0f req/s  %6.2f us CPU/request  non-2xx %d  p99 %s%n",
                        round + 1, variant.name(), result.requestsPerSecond(), cpuMicros, result.nonSuccess(),
                        result.latencyP99());
                cpu.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(cpuMicros);
                if (variant == variants.get(0)) {
                    absent = result.requestsPerSecond();
                }
                rps.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(result.requestsPerSecond());
                ratios.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(result.requestsPerSecond() / absent);
                bad.merge(variant.name(), result.nonSuccess(), Long::sum);
                p99.put(variant.name(), result.latencyP99());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Variant variant : variants) {
            rows.add(new Row(variant, rps.get(variant.name()), ratios.get(variant.name()), cpu.get(variant.name()),
                    bad.get(variant.name()), p99.get(variant.name())));
        }
        return rows;
    }
}
