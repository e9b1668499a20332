package io.github.fpauth.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A web server under load in a process of its own: where to send requests, and what it spent (Linux). */
interface ServerProcess {

    /** The kernel's clock tick (USER_HZ) that /proc/<pid>/stat counts CPU time in; 100 on Linux. */
    long CLOCK_TICKS_PER_SECOND = 100;

    String url(String path);

    long pid();

    /** CPU time the server's JVM has used so far (user + system), in nanoseconds. */
    default long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * How often the server's threads have given up the CPU to wait so far (the sum of their
     * {@code voluntary_ctxt_switches}): each hand-off of a request from one thread to another
     * counts at least once. Threads that ended meanwhile are not counted.
     */
    default long voluntaryContextSwitches() throws IOException {
        long switches = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid() + "/task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (NoSuchFileException threadEnded) {
                    // counted as none
                }
            }
        }
        return switches;
    }

    /** Ends the server's process: politely first (its shutdown hooks run), then by force. */
    static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
