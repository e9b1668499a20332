package io.github.fpauth.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar fpauth.jar} to the first 200 on {@code /ready}, and to the first {@code /ready}
 * saying authentication is enabled (auth-user comes from deploy/ through FileInstall). The first
 * run starts from a fresh folder; the others restart it with its data kept, as a user would.
 */
final class Startup {

    record Result(long firstStartReady, long firstStartAuth, List<Double> restartReady, List<Double> restartAuth) {
    }

    private final Config config;

    Startup(Config config) {
        this.config = config;
    }

    Result run() throws Exception {
        BenchRuntime runtime = BenchRuntime.prepare(config, "startup", false);
        long firstReady = 0;
        long firstAuth = 0;
        List<Double> ready = new ArrayList<>();
        List<Double> auth = new ArrayList<>();
        for (int i = 0; i <= config.startups; i++) {
            long started = System.nanoTime();
            runtime.start();
            try {
                long readyAt = runtime.awaitOk("/ready", Duration.ofSeconds(60)) - started;
                long authAt = runtime.await("/ready", Duration.ofSeconds(60),
                        r -> r.status() == 200 && r.body().contains("\"authEnabled\":true")) - started;
                System.out.printf("  %s: /ready 200 after %s ms, authentication on after %s ms%n",
                        i == 0 ? "first start" : "restart " + i, Stats.ms(readyAt), Stats.ms(authAt));
                if (i == 0) {
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
        return new Result(firstReady, firstAuth, ready, auth);
    }
}
