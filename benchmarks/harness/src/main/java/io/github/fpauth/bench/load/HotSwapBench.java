package io.github.fpauth.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Stops and starts the auth-user bundle while client threads send requests as fast as they can,
 * and reads every answer against the rules.
 *
 * <p>For each swap: <em>stale window</em> = from {@code stop()} (or {@code start()}) returning to
 * the send time of the last request that still got the old state's answer (0 when none did);
 * <em>observed</em> = from the same instant until every probe has received an answer of the new
 * state to a request sent after it (one client round trip, plus a password hash for the first
 * Basic request after a start: the new manager starts with an empty credential cache).
 */
final class HotSwapBench {

    record Sample(int probe, long sent, long received, Probe.State state, int status, String body) {
    }

    record Result(int swaps, long requests, long serverErrors, long broken, List<String> brokenExamples,
            long[] staleAfterStop, long[] observedAfterStop, long[] staleAfterStart, long[] observedAfterStart,
            long[] stopCall, long[] startCall, int unconverged) {
    }

    private final BenchRuntime runtime;
    private final List<Probe> probes;
    private final int swaps;
    private final int threadsPerProbe;

    HotSwapBench(BenchRuntime runtime, List<Probe> probes, int swaps, int threadsPerProbe) {
        this.runtime = runtime;
        this.probes = probes;
        this.swaps = swaps;
        this.threadsPerProbe = threadsPerProbe;
    }

    Result run() throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        // Per probe: the latest send time of an answer in each state, for waiting on convergence.
        AtomicLongArray lastEnforced = new AtomicLongArray(probes.size());
        AtomicLongArray lastOpen = new AtomicLongArray(probes.size());
        List<List<Sample>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < probes.size(); p++) {
            for (int t = 0; t < threadsPerProbe; t++) {
                List<Sample> samples = new ArrayList<>(1 << 16);
                perThread.add(samples);
                int index = p;
                Probe probe = probes.get(p);
                Thread thread = new Thread(() -> {
                    String url = runtime.url(probe.path());
                    while (running.get()) {
                        long sent = System.nanoTime();
                        Http.Response response = Http.get(url, probe.headers());
                        long received = System.nanoTime();
                        Probe.State state = probe.classify(response);
                        samples.add(new Sample(index, sent, received, state, response.status(),
                                response.body().length() > 120 ? response.body().substring(0, 120) : response.body()));
                        AtomicLongArray last = state == Probe.State.ENFORCED ? lastEnforced
                                : state == Probe.State.OPEN ? lastOpen : null;
                        if (last != null) {
                            last.accumulateAndGet(index, sent, Math::max);
                        }
                    }
                }, "probe-" + p + "-" + t);
                thread.start();
                threads.add(thread);
            }
        }
        List<long[]> stops = new ArrayList<>();
        List<long[]> starts = new ArrayList<>();
        int unconverged = 0;
        try {
            if (!awaitAll(lastEnforced, System.nanoTime(), "enforced before the first swap")) {
                throw new IllegalStateException("authentication is not enforced for every probe before the swaps");
            }
            for (int i = 0; i < swaps; i++) {
                long[] stop = runtime.control("stop", BenchRuntime.USER_BUNDLE);
                stops.add(stop);
                if (!awaitAll(lastOpen, stop[1], "open after stop " + i)) {
                    unconverged++;
                }
                long[] start = runtime.control("start", BenchRuntime.USER_BUNDLE);
                starts.add(start);
                if (!awaitAll(lastEnforced, start[1], "enforced after start " + i)) {
                    unconverged++;
                }
                if ((i + 1) % 50 == 0) {
                    System.out.println("  " + (i + 1) + " swaps");
                }
            }
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        List<Sample> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        all.sort((a, b) -> Long.compare(a.sent(), b.sent()));
        return analyse(all, stops, starts, unconverged);
    }

    /** Waits until every probe saw the state; false (and a line) when one did not within 10 s. */
    private boolean awaitAll(AtomicLongArray last, long after, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int p = 0; p < probes.size(); p++) {
            while (last.get(p) <= after) {
                if (System.nanoTime() > deadline) {
                    System.out.println("  probe '" + probes.get(p).name() + "' did not see " + what + " within 10 s");
                    return false;
                }
                Thread.sleep(1);
            }
        }
        return true;
    }

    private Result analyse(List<Sample> all, List<long[]> stops, List<long[]> starts, int unconverged) {
        int n = stops.size();
        long[] staleStop = new long[n];
        long[] observedStop = new long[n];
        long[] staleStart = new long[n];
        long[] observedStart = new long[n];
        long[] stopCall = new long[n];
        long[] startCall = new long[n];
        for (int i = 0; i < n; i++) {
            long stopped = stops.get(i)[1];
            long startCalled = starts.get(i)[0];
            long started = starts.get(i)[1];
            long nextStop = i + 1 < n ? stops.get(i + 1)[0] : Long.MAX_VALUE;
            staleStop[i] = stale(all, stopped, startCalled, Probe.State.ENFORCED);
            observedStop[i] = observed(all, stopped, startCalled, Probe.State.OPEN);
            staleStart[i] = stale(all, started, nextStop, Probe.State.OPEN);
            observedStart[i] = observed(all, started, nextStop, Probe.State.ENFORCED);
            stopCall[i] = stops.get(i)[1] - stops.get(i)[0];
            startCall[i] = starts.get(i)[1] - starts.get(i)[0];
        }
        long serverErrors = all.stream().filter(s -> s.status() >= 500).count();
        List<Sample> broken = all.stream().filter(s -> s.state() == Probe.State.BROKEN).toList();
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new long[] { stops.get(i)[0], stops.get(i)[1], 0 });
            events.add(new long[] { starts.get(i)[0], starts.get(i)[1], 1 });
        }
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        for (Sample s : broken) {
            byKind.merge(probes.get(s.probe()).name() + " → " + s.status() + " ("
                    + since(events, s.sent()).replaceAll("[0-9.]+ ms after", "after") + ")", 1L, Long::sum);
        }
        byKind.forEach((k, v) -> System.out.println("  broken: " + v + " × " + k));
        List<String> examples = new ArrayList<>();
        for (Sample s : broken) {
            examples.add(probes.get(s.probe()).name() + " -> " + s.status() + " " + since(events, s.sent()) + ": "
                    + s.body().replaceAll("\\s+", " ").replaceAll("<[^>]*>", " ").trim());
        }
        for (int i = 0; i < n; i++) {
            if (staleStop[i] > 0 || staleStart[i] > 0) {
                System.out.printf("  swap %d: stale %s ms after stop, %s ms after start%n", i, Stats.ms(staleStop[i]),
                        Stats.ms(staleStart[i]));
            }
        }
        examples.stream().limit(5).forEach(e -> System.out.println("  rule broken, e.g.: " + e));
        List<String> kinds = new ArrayList<>();
        byKind.forEach((k, v) -> kinds.add(v + " × " + k));
        return new Result(n, all.size(), serverErrors, broken.size(), kinds, staleStop, observedStop, staleStart,
                observedStart, stopCall, startCall, unconverged);
    }

    /** Where a send time falls: "sent x ms after start() returned" (or before it returned). */
    private static String since(List<long[]> events, long sent) {
        long[] last = null;
        for (long[] e : events) {
            if (e[0] <= sent) {
                last = e;
            }
        }
        if (last == null) {
            return "before the first swap";
        }
        String call = last[2] == 0 ? "stop()" : "start()";
        return sent < last[1] ? "sent during " + call
                : "sent " + Stats.ms(sent - last[1]) + " ms after " + call + " returned";
    }

    /**
     * Last send time of an answer in the old state to a request sent after {@code from} and
     * answered before {@code to} (the next swap's call), minus from; 0 when none.
     */
    private long stale(List<Sample> all, long from, long to, Probe.State old) {
        long last = from;
        for (Sample s : all) {
            // Answered before the next swap began: a request still in flight when it began may see either state.
            if (s.sent() > from && s.received() < to && s.state() == old) {
                last = Math.max(last, s.sent());
                System.out.printf("    stale: %s %d sent %s ms after, answered %s ms after: %s%n",
                        probes.get(s.probe()).name(), s.status(), Stats.ms(s.sent() - from),
                        Stats.ms(s.received() - from), s.body().replaceAll("\\s+", " "));
            }
        }
        return last - from;
    }

    /** When every probe had an answer of the new state to a request sent after from. */
    private long observed(List<Sample> all, long from, long to, Probe.State now) {
        long[] first = new long[probes.size()];
        Arrays.fill(first, Long.MAX_VALUE);
        for (Sample s : all) {
            if (s.sent() > from && s.sent() < to && s.state() == now) {
                first[s.probe()] = Math.min(first[s.probe()], s.received());
            }
        }
        long latest = from;
        for (long f : first) {
            latest = Math.max(latest, f == Long.MAX_VALUE ? from : f);
        }
        return latest - from;
    }
}
