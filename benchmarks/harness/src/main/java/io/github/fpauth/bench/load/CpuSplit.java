package io.github.fpauth.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the server and the load generator cores of their own ({@code taskset}), for the
 * throughput runs: sharing cores, the two take turns on them, and every turn costs wake-ups and
 * context switches that grow with the server's time per request, so the ratios would measure the
 * scheduler as much as the server. The server gets the lower half of the cores (at least one),
 * wrk the others; with a single core, or without {@code taskset}, nothing is pinned.
 */
final class CpuSplit {

    private final boolean enabled;
    private final String serverCpus;
    private final String loadCpus;
    private final String allCpus;

    private CpuSplit(boolean enabled, int cpus) {
        int server = Math.max(1, cpus / 2);
        this.enabled = enabled;
        this.serverCpus = range(0, server - 1);
        this.loadCpus = range(server, cpus - 1);
        this.allCpus = range(0, cpus - 1);
    }

    /** The split of this machine's cores, or none when {@code -Dbench.pin=false}. */
    static CpuSplit of(Config config) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new CpuSplit(config.pin && cpus >= 2 && hasTaskset(), cpus);
    }

    boolean enabled() {
        return enabled;
    }

    /** What the report says about where the server and wrk ran. */
    String describe() {
        return enabled ? "server on CPU " + serverCpus + ", wrk on CPU " + loadCpus + " (`taskset`)"
                : "server and wrk on the same cores";
    }

    /** Confines every thread of the process (and the threads it starts later) to the server's cores. */
    void pinServer(long pid) throws IOException, InterruptedException {
        if (enabled) {
            taskset(List.of("taskset", "-a", "-p", "-c", serverCpus, Long.toString(pid)));
        }
    }

    /** Lets every thread of the process run on every core again. */
    void release(long pid) throws IOException, InterruptedException {
        if (enabled) {
            taskset(List.of("taskset", "-a", "-p", "-c", allCpus, Long.toString(pid)));
        }
    }

    /** The load generator's command, run on its own cores. */
    List<String> loadCommand(List<String> command) {
        if (!enabled) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", loadCpus));
        pinned.addAll(command);
        return pinned;
    }

    private static void taskset(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static boolean hasTaskset() {
        try {
            return new ProcessBuilder("taskset", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String range(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
