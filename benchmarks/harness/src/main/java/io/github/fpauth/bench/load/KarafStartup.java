package io.github.fpauth.bench.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference: Apache Karaf 4.4.10 (the distribution the Karaf build fetched into ~/.m2) with
 * its standard {@code scr} and {@code http-whiteboard} (Pax Web) features at boot and the same
 * benchmark servlet bundle in its {@code deploy/}: {@code bin/karaf daemon} to the first 200 on
 * that whiteboard servlet. The first boot installs the features (not timed as start-up); the
 * restarts that follow are.
 */
final class KarafStartup {

    private final Config config;

    KarafStartup(Config config) {
        this.config = config;
    }

    String run() throws Exception {
        if (!Files.isRegularFile(config.karafArchive)) {
            throw new IllegalStateException("no Karaf distribution at " + config.karafArchive
                    + " (the itest-karaf build fetches it)");
        }
        Path dir = config.work.resolve("karaf").toAbsolutePath();
        BenchRuntime.deleteRecursively(dir);
        Files.createDirectories(dir);
        exec(dir, "tar", "xzf", config.karafArchive.toString(), "--strip-components=1");
        int port = BenchRuntime.freePort();
        edit(dir.resolve("etc/org.apache.karaf.features.cfg"), "featuresBoot = \\\n",
                "featuresBoot = \\\n    scr, \\\n    http-whiteboard, \\\n");
        edit(dir.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + BenchRuntime.freePort());
        edit(dir.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099",
                "rmiRegistryPort = " + BenchRuntime.freePort());
        edit(dir.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort = 44444",
                "rmiServerPort = " + BenchRuntime.freePort());
        Files.writeString(dir.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + port + "\n");
        Files.copy(config.benchBundle, dir.resolve("deploy/bench-bundle.jar"));
        String url = "http://127.0.0.1:" + port + "/bench/public";

        long first = boot(dir, url, 600);
        System.out.printf("  Karaf first boot (installs scr, http-whiteboard): %s ms%n", Stats.ms(first));
        List<Double> restarts = new ArrayList<>();
        for (int i = 0; i < config.startups; i++) {
            long time = boot(dir, url, 120);
            System.out.printf("  Karaf restart %d: first 200 after %s ms%n", i + 1, Stats.ms(time));
            restarts.add(time / 1e6);
        }
        return "\n### Reference: Apache Karaf 4.4.10\n\n`bin/karaf daemon` with the standard `scr` and "
                + "`http-whiteboard` (Pax Web 8) features at boot and the same benchmark servlet bundle in "
                + "`deploy/`, until the first 200 on that servlet; median of " + config.startups
                + " restarts (data kept): **" + String.format("%.0f ms", Stats.median(restarts))
                + "** (first boot, which installs the features: " + Stats.ms(first) + " ms).\n";
    }

    private static long boot(Path dir, String url, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dir.resolve("bin/karaf").toString(), "daemon").directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                if (Http.get(url, Map.of()).status() == 200) {
                    return System.nanoTime() - started;
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Karaf did not serve " + url + "; see " + dir.resolve("console.log")
                            + " and " + dir.resolve("data/log/karaf.log"));
                }
                Thread.sleep(5);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " has no '" + from.trim() + "'");
        }
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static void exec(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
