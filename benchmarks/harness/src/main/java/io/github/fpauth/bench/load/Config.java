package io.github.fpauth.bench.load;

import java.nio.file.Path;

/** Where things are and how long to measure; every value can be set with -Dbench.<name>=... */
final class Config {

    final Path work = path("work", "benchmarks/target/run");
    final Path runtimeFolder = path("runtime", "runtime/target/fpauth");
    /** Part {@code jetty}'s reference: the same runtime on Jetty 9.4 (module benchmarks/jetty94-runtime). */
    final Path jetty94RuntimeFolder = path("jetty94Runtime", "benchmarks/jetty94-runtime/target/fpauth");
    /** Part {@code barejetty}'s servers: the benchmark servlet on an embedded Jetty, no OSGi (module target folders). */
    final Path bareJetty94 = path("bareJetty94", "benchmarks/bare-jetty94/target");
    final Path bareJetty12 = path("bareJetty12", "benchmarks/bare-jetty12/target");
    final Path benchBundle = path("benchBundle", "benchmarks/bench-bundle/target/bench-bundle-0.1.0-SNAPSHOT.jar");
    final Path karafArchive = path("karaf", System.getProperty("user.home")
            + "/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz");
    final Path output = path("output", "docs/performance.md");
    /** Seconds of each wrk run, after {@link #wrkWarmupSeconds} unmeasured. */
    final int wrkSeconds = integer("wrkSeconds", 6);
    final int wrkWarmupSeconds = integer("wrkWarmupSeconds", 2);
    /**
     * Rounds over all variants, interleaved, so that drift hits every variant alike: many short pairs
     * rather than a few long ones, as the load of a shared machine drifts within seconds.
     */
    final int wrkRounds = integer("wrkRounds", 15);
    /** Unmeasured rounds before them, the same sequence of states: the JIT settles first. */
    final int wrkWarmupRounds = integer("wrkWarmupRounds", 2);
    final int wrkThreads = integer("wrkThreads", 1);
    final int wrkConnections = integer("wrkConnections", 8);
    final int swaps = integer("swaps", 200);
    final int swapClients = integer("swapClients", 6);
    final int startups = integer("startups", 5);
    final int floodClients = integer("floodClients", 8);
    /** Throughput runs give the server and wrk cores of their own (see {@link CpuSplit}). */
    final boolean pin = Boolean.parseBoolean(System.getProperty("bench.pin", "true"));
    final boolean jmh = Boolean.parseBoolean(System.getProperty("bench.jmh", "true"));
    final boolean karaf = Boolean.parseBoolean(System.getProperty("bench.karafEnabled", "true"));
    final String only = System.getProperty("bench.only", "");
    /** Throughput variants to run, by name, separated by commas; all when empty. */
    final String variants = System.getProperty("bench.variants", "");
    /** Adds throughput variants on the public route, which separate the manager's cost from the guard's. */
    final boolean diagnose = Boolean.parseBoolean(System.getProperty("bench.diagnose", "false"));
    /**
     * A command run as {@code <hook> start <label> <pid>} just before each measured wrk run and as
     * {@code <hook> stop <label> <requests>} just after it (e.g. to record a profile of that run alone).
     */
    final String phaseHook = System.getProperty("bench.phaseHook", "");
    /** JVM options of the runtime under load (e.g. a profiler's), separated by spaces. */
    final String[] runtimeOptions = System.getProperty("bench.runtimeOptions", "").isBlank() ? new String[0]
            : System.getProperty("bench.runtimeOptions").trim().split("\\s+");

    boolean runsVariant(String name) {
        return variants.isEmpty() || java.util.Arrays.asList(variants.split(",")).contains(name);
    }

    boolean runs(String part) {
        return only.isEmpty() || java.util.Arrays.asList(only.split(",")).contains(part);
    }

    private static Path path(String name, String fallback) {
        return Path.of(System.getProperty("bench." + name, fallback)).toAbsolutePath();
    }

    private static int integer(String name, int fallback) {
        return Integer.getInteger("bench." + name, fallback);
    }
}
