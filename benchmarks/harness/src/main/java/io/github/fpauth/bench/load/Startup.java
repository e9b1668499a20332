package io.github.fpauth.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar fpauth.jar} to the first 200 on {@code /ready}, and to the first {@code /ready}
 * saying authentication is enabled (auth-user comes from deploy/ through FileInstall). The first
 * run starts from a fresh folder; the others restart it with its data kept, as a user would.
 * {@link #run()} does every start in a row; to compare runtimes, {@link #startOnce()} takes turns
 * with another one's.
 */
final class Startup {

    record Result(long firstStartReady, long firstStartAuth, List<Double> restartReady, List<Double> restartAuth) {
    }

    private final Config config;
    private final Path assembled;
    private final String name;
    private BenchRuntime runtime;
    private long firstReady;
    private long firstAuth;
    private final List<Double> ready = new ArrayList<>();
    private final List<Double> auth = new ArrayList<>();

    /** The runtime the build assembled ({@link Config#runtimeFolder}). */
    Startup(Config config) {
        this(config, config.runtimeFolder, "startup");
    }

    /** The runtime folder {@code assembled}, copied to {@code name} under the work folder. */
    Startup(Config config, Path assembled, String name) {
        this.config = config;
        this.assembled = assembled;
        this.name = name;
    }

    /** The first start, then {@link Config#startups} restarts. */
    Result run() throws Exception {
        for (int i = 0; i <= config.startups; i++) {
            startOnce();
        }
        return result();
    }

    /** One start, timed, then a stop: the first from a fresh folder, the next ones restarts. */
    void startOnce() throws Exception {
        boolean first = runtime == null;
        if (first) {
            runtime = BenchRuntime.prepare(config, assembled, name, false);
        }
        long started = System.nanoTime();
        runtime.start();
        try {
            long readyAt = runtime.awaitOk("/ready", Duration.ofSeconds(60)) - started;
            long authAt = runtime.await("/ready", Duration.ofSeconds(60),
                    r -> r.status() == 200 && r.body().contains("\"authEnabled\":true")) - started;
            System.out.printf("  %s %s: /ready 200 after %s ms, authentication on after %s ms%n", name,
                    first ? "first start" : "restart " + (ready.size() + 1), Stats.ms(readyAt), Stats.ms(authAt));
            if (first) {
                firstReady = readyAt;
                firstAuth = authAt;
            } else {
                ready.add(readyAt / 1e6);
                auth.add(authAt / 1e6);
            }
        } finally {
            runtime.stop();
        }
    }

    /** The starts so far. */
    Result result() {
        return new Result(firstReady, firstAuth, List.copyOf(ready), List.copyOf(auth));
    }
}
