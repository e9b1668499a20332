package io.github.fpauth.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's {@code wrk}: keep-alive HTTP/1.1 load over loopback. */
final class Wrk {

    /** Requests per second, and how many answers were not 2xx/3xx (they must be none). */
    record Result(double requestsPerSecond, long nonSuccess, long requests, String latencyP99) {

        /** {@link #latencyP99} in milliseconds; NaN when wrk gave none. */
        double p99Millis() {
            return Wrk.millis(latencyP99);
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9.]+)(us|ms|s|m)");

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: .*");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+(\\S+)");

    private final Config config;
    private final CpuSplit cpus;

    /** wrk wherever the scheduler puts it. */
    Wrk(Config config) {
        this(config, null);
    }

    /** wrk on the load generator's cores of {@code cpus}. */
    Wrk(Config config, CpuSplit cpus) {
        this.config = config;
        this.cpus = cpus;
    }

    Result run(String url, Map<String, String> headers, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + config.wrkThreads, "-c" + config.wrkConnections,
                "-d" + seconds + "s", "--latency"));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            command.add("-H");
            command.add(header.getKey() + ": " + header.getValue());
        }
        command.add(url);
        Process process = new ProcessBuilder(cpus == null ? command : cpus.loadCommand(command))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        Matcher rps = RPS.matcher(output);
        Matcher total = TOTAL.matcher(output);
        if (!rps.find() || !total.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + output);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher errors = ERRORS.matcher(output);
        if (errors.find()) {
            System.out.println("wrk " + url + ": " + errors.group());
        }
        Matcher p99 = P99.matcher(output);
        return new Result(Double.parseDouble(rps.group(1)), bad, Long.parseLong(total.group(1)),
                p99.find() ? p99.group(1) : "?");
    }

    /** A duration as wrk prints it ({@code 850.00us}, {@code 2.55ms}, {@code 1.20s}, {@code 1.00m}), in milliseconds. */
    static double millis(String duration) {
        Matcher matcher = DURATION.matcher(duration);
        if (!matcher.matches()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }
}
