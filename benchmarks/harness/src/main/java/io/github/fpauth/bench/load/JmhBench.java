package io.github.fpauth.bench.load;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.github.fpauth.core.guard.RequestPathBenchmark;

/** Runs {@link RequestPathBenchmark} with 1 and with 2 threads, with the GC profiler, and tabulates it. */
final class JmhBench {

    private JmhBench() {
    }

    static String run() throws Exception {
        Map<String, double[]> one = measure(1);
        Map<String, double[]> two = measure(2);
        StringBuilder md = new StringBuilder("\n## Request path (JMH, in-process, no OSGi)\n\n")
                .append("`RequestPathBenchmark`: the core's `CurrentUserPreprocessor`, then (protected route) its ")
                .append("`RequirementFilter`, then a servlet reading `getRemoteUser()`; the core's and auth-user's own ")
                .append("classes wired as Declarative Services wires them, with a recycled fake request. ")
                .append("JMH 1.37, average time, `-prof gc`; 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement. ")
                .append("*2 threads*: the same shared registry, manager and caches used by two threads at once ")
                .append("(time per operation per thread: it stays flat when nothing is contended; this machine has ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores).\n\n")
                .append("| variant | ns/op (1 thread) | ± | B/op (gc.alloc.rate.norm) | ns/op per thread (2 threads) | ± |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Map.Entry<String, double[]> entry : one.entrySet()) {
            double[] a = entry.getValue();
            double[] b = two.getOrDefault(entry.getKey(), new double[] { Double.NaN, Double.NaN, Double.NaN });
            md.append("| ").append(describe(entry.getKey())).append(" | ").append(String.format("%.1f", a[0]))
                    .append(" | ").append(String.format("%.1f", a[1])).append(" | ")
                    .append(String.format("%.0f", a[2])).append(" | ").append(String.format("%.1f", b[0]))
                    .append(" | ").append(String.format("%.1f", b[1])).append(" |\n");
        }
        return md.toString();
    }

    private static String describe(String variant) {
        switch (variant) {
        case "noFpauth":
            return "`noFpauth`: the servlet alone (baseline)";
        case "anonymous":
            return "`anonymous`: core, no manager, protected route (open)";
        case "noCredentials":
            return "`noCredentials`: auth_user, no credentials, public route";
        case "basicCached":
            return "`basicCached`: auth_user, repeated valid HTTP Basic (credential cache hit)";
        case "basicAfterTypo":
            return "`basicAfterTypo`: the same, the account having one earlier wrong password";
        case "session":
            return "`session`: auth_user, session cookie";
        case "token":
            return "`token`: auth_user, access token (Bearer)";
        case "basicCachedShared":
            return "`basicCachedShared`: `basicCached` with users and throttle on the shared store (PostgreSQL)";
        case "sessionShared":
            return "`sessionShared`: `session` with users and sessions on the shared store (PostgreSQL)";
        default:
            return "`" + variant + "`";
        }
    }

    /** variant -> {ns/op, error, B/op} */
    private static Map<String, double[]> measure(int threads) throws Exception {
        Options options = new OptionsBuilder()
                .include(RequestPathBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .threads(threads)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> table = new LinkedHashMap<>();
        for (RunResult result : results) {
            String variant = result.getParams().getParam("variant");
            Result<?> primary = result.getPrimaryResult();
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            table.put(variant, new double[] { primary.getScore(), primary.getScoreError(),
                alloc == null ? Double.NaN : alloc.getScore() });
        }
        return table;
    }
}
