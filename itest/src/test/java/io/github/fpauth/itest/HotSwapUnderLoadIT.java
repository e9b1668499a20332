package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.JakartaWhoAmIServlet;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * Hot swap under load: while client threads keep hitting protected and public routes, javax and
 * Jakarta Servlet Whiteboard ones in the same rounds, the auth-user bundle is stopped and started
 * again {@value #CYCLES} times.
 *
 * <p>Expected: no 5xx, no I/O failure, no unexpected status (a 404 would mean whiteboard
 * registrations flapped), valid admin credentials never rejected, and <b>no protected response
 * served to an unauthenticated client while a manager was active</b>. That last one is decided
 * per response, without guessing from timing: the protected route {@code /itest/guarded} is a
 * {@link WhoAmIServlet} registered with {@code fpauth.require.authentication=true} (and
 * {@code /itest/jakarta-guarded} its {@link JakartaWhoAmIServlet} twin), and its body
 * names the manager the request was seen by ({@code CurrentUser.managerName}). The core takes one
 * manager snapshot per request and enforces the requirement against that same snapshot, so a 200
 * from {@code /itest/guarded} to a client that sent no credentials is correct only if its body
 * says {@code manager=none}; any other manager named there is a violation.
 *
 * <p>Every phase sees traffic before the next swap: a few responses after each stop, and after
 * each start at least one admin request authenticated by the new auth_user instance (whose
 * verified-credentials cache is cold). The run is bounded: the stop/start loop must finish
 * within {@value #LOOP_LIMIT_SECONDS} s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapUnderLoadIT extends FpauthTestSupport {

    private static final int CYCLES = 50;
    private static final int CLIENTS_WITHOUT_CREDENTIALS = 2;
    private static final int CLIENTS_WITH_ADMIN_CREDENTIALS = 2;
    private static final long LOOP_LIMIT_SECONDS = 60;
    /** Responses each phase (manager on / off) must see before the next swap, so both are exercised. */
    private static final int RESPONSES_PER_PHASE = 12;

    private static final String GUARDED = "/itest/guarded";
    /** The same route on the Jakarta Servlet Whiteboard, hit in the same round. */
    private static final String JAKARTA_GUARDED = "/itest/jakarta-guarded";
    private static final String[] ROUTES = {GUARDED, JAKARTA_GUARDED, "/", "/admin", "/ready", "/api/me"};

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong anonymousRejected = new AtomicLong();
    private final AtomicLong anonymousServedWithoutManager = new AtomicLong();
    private final AtomicLong adminSeenByAuthUser = new AtomicLong();
    private final AtomicLong adminSeenWithoutManager = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.JAKARTA.option(),
            FpauthBundle.USER.option()};
    }

    @Before
    public void aGuardedRoute() {
        awaitActiveManager("auth_user");
        registerWhoAmI(GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        register(jakarta.servlet.Servlet.class, new JakartaWhoAmIServlet(), "osgi.http.whiteboard.servlet.name",
                "itest-jakarta-guarded", "osgi.http.whiteboard.servlet.pattern", JAKARTA_GUARDED,
                RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        for (String route : new String[] {GUARDED, JAKARTA_GUARDED}) {
            awaitStatus(route, 401);
            awaitStatus(route, ADMIN, ADMIN_PASSWORD, 200);
        }
    }

    @Test
    public void swappingTheManagerUnderLoadNeverFailsARequestNorLeaksAProtectedRoute() throws Exception {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS_WITHOUT_CREDENTIALS + CLIENTS_WITH_ADMIN_CREDENTIALS; i++) {
            String authorization = i < CLIENTS_WITHOUT_CREDENTIALS ? null : Http.basic(ADMIN, ADMIN_PASSWORD);
            Thread client = new Thread(() -> hitRoutes(authorization), "itest-client-" + i);
            client.start();
            clients.add(client);
        }

        long loopStart = System.nanoTime();
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                stop(FpauthBundle.USER);
                awaitTraffic();
                start(FpauthBundle.USER);
                awaitTraffic();
                awaitAdminSeenByAuthUser();
                assertTrue("stop/start loop exceeded " + LOOP_LIMIT_SECONDS + " s at cycle " + cycle,
                        elapsed(loopStart).getSeconds() < LOOP_LIMIT_SECONDS);
            }
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
                assertTrue(client.getName() + " did not stop", !client.isAlive());
            }
        }
        Duration loop = elapsed(loopStart);

        assertTrue(failures.size() + " failures, the first ones:\n" + String.join("\n", first(20)), failures.isEmpty());
        assertTrue("the load never met an active manager", anonymousRejected.get() > 0);
        assertTrue("the load never met a swap to no manager", anonymousServedWithoutManager.get() > 0);
        System.out.printf("hot swap: %d stop/start cycles in %d ms, %d responses; guarded route: %d anonymous 401s, "
                + "%d anonymous 200s without a manager, %d admin 200s by auth_user, %d admin 200s without a manager%n",
                CYCLES, loop.toMillis(), responses.get(), anonymousRejected.get(), anonymousServedWithoutManager.get(),
                adminSeenByAuthUser.get(), adminSeenWithoutManager.get());

        awaitActiveManager("auth_user");
        for (String route : new String[] {GUARDED, JAKARTA_GUARDED}) {
            assertEquals(route, 401, http().get(route).status());
            assertEquals(route, 200, http().get(route, ADMIN, ADMIN_PASSWORD).status());
        }
    }

    /** One client: the routes round-robin, until the test says stop. */
    private void hitRoutes(String authorization) {
        boolean anonymous = authorization == null;
        String who = anonymous ? "anonymous" : "admin";
        for (long i = 0; running.get(); i++) {
            String route = ROUTES[(int) (i % ROUTES.length)];
            Http.Response response;
            try {
                response = http().tryGet(route, authorization);
            } catch (Exception e) {
                failures.add(who + " GET " + route + ": " + e);
                continue;
            }
            responses.incrementAndGet();
            check(route, anonymous, response);
        }
    }

    private void check(String route, boolean anonymous, Http.Response response) {
        String who = anonymous ? "anonymous" : "admin";
        int status = response.status();
        if (status >= 500) {
            failures.add(who + " got a 5xx: " + response);
            return;
        }
        boolean isPublic = route.equals("/ready") || route.equals("/api/me");
        if (isPublic || !anonymous) {
            // public routes are always served; valid admin credentials are never rejected
            if (status != 200) {
                failures.add(who + " expected 200: " + response);
            } else if (isGuarded(route)) {
                countAdminSnapshot(response);
            }
            return;
        }
        if (status == 401) {
            anonymousRejected.incrementAndGet();
        } else if (status == 200) {
            if (isGuarded(route)) {
                String manager = WhoAmIServlet.parse(response.body()).get("manager");
                if (WhoAmIServlet.NO_MANAGER.equals(manager)) {
                    anonymousServedWithoutManager.incrementAndGet();
                } else {
                    failures.add("protected route served to a client without credentials while manager "
                            + manager + " was active: " + response);
                }
            }
        } else {
            failures.add(who + " expected 401 or 200: " + response);
        }
    }

    private static boolean isGuarded(String route) {
        return route.equals(GUARDED) || route.equals(JAKARTA_GUARDED);
    }

    private void countAdminSnapshot(Http.Response response) {
        Map<String, String> seen = WhoAmIServlet.parse(response.body());
        String manager = seen.get("manager");
        if ("auth_user".equals(manager) && ADMIN.equals(seen.get("user"))) {
            adminSeenByAuthUser.incrementAndGet();
        } else if (WhoAmIServlet.NO_MANAGER.equals(manager) && "anonymous".equals(seen.get("user"))) {
            adminSeenWithoutManager.incrementAndGet();
        } else {
            failures.add("admin: the guarded body disagrees with itself: " + response);
        }
    }

    /** Waits until the clients completed a few more responses, so every phase sees traffic. */
    private void awaitTraffic() {
        long target = responses.get() + RESPONSES_PER_PHASE;
        Poll.until(RESPONSES_PER_PHASE + " more responses", Duration.ofSeconds(10), responses::get, n -> n >= target);
    }

    /** Waits until an admin request was authenticated by the freshly started auth_user (a cold cache). */
    private void awaitAdminSeenByAuthUser() {
        long target = adminSeenByAuthUser.get() + 1;
        Poll.until("an admin request authenticated by auth_user", Duration.ofSeconds(10), adminSeenByAuthUser::get,
                n -> n >= target);
    }

    private List<String> first(int count) {
        List<String> first = new ArrayList<>();
        for (String failure : failures) {
            if (first.size() == count) {
                break;
            }
            first.add(failure);
        }
        return first;
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
