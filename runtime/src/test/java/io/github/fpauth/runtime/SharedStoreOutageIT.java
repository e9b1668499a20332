package io.github.fpauth.runtime;

import static io.github.fpauth.runtime.SharedStoreNodes.SESSION_COOKIE;
import static io.github.fpauth.runtime.SharedStoreNodes.gogo;
import static io.github.fpauth.runtime.SharedStoreNodes.login;
import static io.github.fpauth.runtime.SharedStoreNodes.millisUntil;
import static io.github.fpauth.runtime.SharedStoreNodes.withSession;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

import io.github.fpauth.testkit.postgres.TestPostgres;

/**
 * Three runtimes on one real PostgreSQL that is stopped under load and started again: every
 * node fails closed while it cannot reach the database, and recovers by itself.
 */
public class SharedStoreOutageIT {

    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(.*\\)$|Exception");
    private static final String UNAVAILABLE = "fpauth shared store unavailable";
    private static final String AVAILABLE = "fpauth shared store available";

    private static final String[] PHASES = {"before", "outage", "restart"};
    /** Allowed answers by phase: before the stop, from the stop on, from the restart on. */
    private static final List<Set<Integer>> SESSION_ANSWERS = List.of(Set.of(200), Set.of(200, 503), Set.of(200, 503));
    private static final List<Set<Integer>> ANONYMOUS_ANSWERS = List.of(Set.of(401), Set.of(401, 503), Set.of(401, 503));

    private TestPostgres postgres;
    private SharedStoreNodes nodes;

    @After
    public void stopAll() throws InterruptedException {
        if (nodes != null) {
            nodes.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** What one client saw on one node, by phase and kind of request. */
    private static final class Seen {
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        final List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong firstOkAfterRestart = new AtomicLong();
        final AtomicLong lastOkAfterStop = new AtomicLong();

        void count(String phase, String kind, int status) {
            counts.computeIfAbsent(phase + " " + kind + " " + status, k -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> snapshot() {
            Map<String, Integer> out = new TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    @Test
    public void theDatabaseStoppedUnderLoadServesNothingOpenAndEveryNodeRecoversByItself() throws Exception {
        postgres = TestPostgres.start(Path.of("target/pg/outage"));
        nodes = SharedStoreNodes.start("outage", 3, postgres.createDatabase("outage"), postgres.user());
        RuntimeProcess a = nodes.node(0);
        gogo(a, "fpauth:useradd dora Dora-pass-123 user", "Added user 'dora'");
        String session = login(a, "dora", "Dora-pass-123");
        for (RuntimeProcess node : nodes.all()) {
            millisUntil("dora's session on " + node.port(), Duration.ofSeconds(1), () -> withSession(node, "/", session),
                    s -> s == 200);
        }
        int[] logged = new int[3];
        int[] availableBefore = new int[3];
        for (int i = 0; i < 3; i++) {
            logged[i] = nodes.node(i).output().length();
            availableBefore[i] = occurrences(nodes.node(i).output(), AVAILABLE);
        }

        // phase: 0 before the stop, 1 from the stop on, 2 from the restart on
        AtomicInteger phase = new AtomicInteger();
        AtomicLong restartedAt = new AtomicLong();
        AtomicLong stoppedAt = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Seen> seen = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (RuntimeProcess node : nodes.all()) {
            Seen mine = new Seen();
            seen.add(mine);
            clients.add(new Thread(() -> {
                while (running.get()) {
                    int p = phase.get();
                    String name = PHASES[p];
                    Answer withCookie = get(node, "/", session);
                    int q = phase.get();
                    mine.count(name, "session", withCookie.status);
                    check(mine, name, "session", withCookie, allowed(SESSION_ANSWERS, p, q));
                    if (withCookie.status == 200 && q == 1) {
                        mine.lastOkAfterStop.set(System.nanoTime() - stoppedAt.get());
                    }
                    if (withCookie.status == 200 && p == 2) {
                        mine.firstOkAfterRestart.compareAndSet(0, System.nanoTime() - restartedAt.get());
                    }
                    p = phase.get();
                    Answer anonymous = get(node, "/", null);
                    q = phase.get();
                    mine.count(PHASES[p], "anonymous", anonymous.status);
                    check(mine, PHASES[p], "anonymous", anonymous, allowed(ANONYMOUS_ANSWERS, p, q));
                    p = phase.get();
                    Answer open = get(node, "/api/me", null);
                    mine.count(PHASES[p], "public", open.status);
                    check(mine, PHASES[p], "public", open, Set.of(200));
                }
            }));
        }
        clients.forEach(Thread::start);
        try {
            Thread.sleep(1000); // load before the outage
            stoppedAt.set(System.nanoTime());
            phase.set(1);
            postgres.stop();
            for (RuntimeProcess node : nodes.all()) {
                millisUntil("503 for a valid session on " + node.port(), Duration.ofSeconds(15),
                        () -> withSession(node, "/", session), s -> s == 503);
            }
            Thread.sleep(2000); // load during the outage
            restartedAt.set(System.nanoTime());
            phase.set(2);
            postgres.restart();
            for (int i = 0; i < 3; i++) {
                Seen mine = seen.get(i);
                RuntimeProcess node = nodes.node(i);
                node.await("a 200 after the restart", Duration.ofSeconds(60), () -> mine.firstOkAfterRestart.get() != 0);
            }
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }

        for (int i = 0; i < 3; i++) {
            Seen mine = seen.get(i);
            RuntimeProcess node = nodes.node(i);
            int index = i;
            System.out.printf("outage, node %c: %s%n", 'a' + i, mine.snapshot());
            System.out.printf("outage, node %c: last 200 for the session %d ms after the stop began, first 200 %d ms after"
                    + " the restart began%n", 'a' + i, mine.lastOkAfterStop.get() / 1_000_000,
                    mine.firstOkAfterRestart.get() / 1_000_000);
            assertEquals("wrong answers on node " + (char) ('a' + i), List.of(), mine.wrong);
            assertTrue(mine.snapshot().toString(), mine.snapshot().getOrDefault("outage session 503", 0) > 0);
            assertFalse(mine.snapshot().toString(), mine.snapshot().containsKey("outage anonymous 200"));
            assertFalse(mine.snapshot().toString(), mine.snapshot().containsKey("restart anonymous 200"));
            String log = node.output().substring(logged[i]);
            assertEquals(log, 1, occurrences(log, UNAVAILABLE));
            node.await("the store available again in the log", Duration.ofSeconds(10),
                    () -> occurrences(node.output(), AVAILABLE) == availableBefore[index] + 1);
            assertEquals(node.output().substring(logged[i]), 1, occurrences(node.output().substring(logged[i]), AVAILABLE));
            assertFalse(log, STACK_TRACE.matcher(log).find());
        }
    }

    /**
     * The answers allowed for a request that began in phase {@code from} and ended in phase
     * {@code to}: a request in flight while the database stops may see either phase.
     */
    private static Set<Integer> allowed(List<Set<Integer>> byPhase, int from, int to) {
        Set<Integer> allowed = new java.util.HashSet<>();
        for (int p = from; p <= to; p++) {
            allowed.addAll(byPhase.get(p));
        }
        return allowed;
    }

    private record Answer(int status, String body) {
    }

    private static void check(Seen seen, String phase, String kind, Answer answer, Set<Integer> allowed) {
        if (!allowed.contains(answer.status) || STACK_TRACE.matcher(answer.body).find()) {
            if (seen.wrong.size() < 20) {
                seen.wrong.add(phase + " " + kind + " " + answer.status + " " + answer.body.substring(0, Math.min(300, answer.body.length())));
            }
        }
    }

    private static Answer get(RuntimeProcess node, String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(15)).GET();
        if (session != null) {
            request.header("Cookie", SESSION_COOKIE + "=" + session);
        }
        try {
            SharedStoreNodes.Reply reply = SharedStoreNodes.send(node, request);
            return new Answer(reply.status(), reply.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    private static int occurrences(String text, String what) {
        int count = 0;
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
