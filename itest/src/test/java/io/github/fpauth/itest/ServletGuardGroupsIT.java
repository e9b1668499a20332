package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.Servlet;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.FailedFilterDTO;
import org.osgi.service.http.runtime.dto.FilterDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.HeaderAuthManager;
import io.github.fpauth.itest.support.Http;

/**
 * Servlets that declare the same requirement share one guard filter in the real whiteboard, and a
 * guarded servlet stays guarded while the servlets around it come, go and change requirements.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServletGuardGroupsIT extends FpauthTestSupport {

    private static final String MANAGER = "itest_header";
    private static final String ROLE = "itest_group";
    private static final String STAY = "/itest/groups/stay";
    private static final int CYCLES = 30;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Before
    public void aHeaderManagerIsActive() {
        registerManager(new HeaderAuthManager(MANAGER), 10);
        awaitActiveManager(MANAGER);
    }

    @Test
    public void servletsWithTheSameRequirementShareOneGuardFilter() {
        registerWhoAmI("/itest/groups/a", RouteRequirements.REQUIRE_ROLE, ROLE);
        registerWhoAmI("/itest/groups/b/*", RouteRequirements.REQUIRE_ROLE, new String[] {ROLE});
        registerWhoAmI("/itest/groups/other", RouteRequirements.REQUIRE_ROLE, "itest_other");
        awaitStatus("/itest/groups/a", 401);
        awaitStatus("/itest/groups/b/x", 401);
        awaitStatus("/itest/groups/other", 401);

        List<FilterDTO> shared = guardsCovering("/itest/groups/a");
        assertEquals(names(shared), 1, shared.size());
        assertTrue(Arrays.toString(shared.get(0).patterns),
                Arrays.asList(shared.get(0).patterns).contains("/itest/groups/b/*"));
        assertTrue(shared.get(0).name, shared.get(0).name.startsWith("fpauth guard (roles [" + ROLE + "]) #"));
        List<FilterDTO> other = guardsCovering("/itest/groups/other");
        assertEquals(names(other), 1, other.size());
        assertTrue(other.get(0).name, other.get(0).name.startsWith("fpauth guard (roles [itest_other]) #"));
        assertEquals("no guard filter refused by the whiteboard", List.of(), failedGuards());

        assertEquals(403, as("alice", "itest_other", "/itest/groups/a").status());
        assertEquals(200, as("alice", ROLE, "/itest/groups/a").status());
        assertEquals(200, as("alice", ROLE, "/itest/groups/b/x").status());
        assertEquals(403, as("alice", ROLE, "/itest/groups/other").status());
    }

    /**
     * While clients without credentials keep asking for a guarded servlet, siblings with the same
     * requirement come and go, and the servlet itself moves between requirements: every answer is
     * a 401, never the servlet's page (or a 404: the whiteboard takes a servlet away for a moment
     * when its properties change).
     */
    @Test
    public void aGuardedServletStaysGuardedWhileItsGroupChanges() throws Exception {
        ServiceRegistration<Servlet> stay = registerWhoAmI(STAY, RouteRequirements.REQUIRE_AUTHENTICATION, true);
        awaitStatus(STAY, 401);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong rejected = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.Response response = http().tryGet(STAY, null);
                        if (response.status() == 401) {
                            rejected.incrementAndGet();
                        } else if (response.status() != 404) {
                            failures.add(response.toString());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "itest-groups-client-" + i);
            client.start();
            clients.add(client);
        }
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                String sibling = "/itest/groups/sibling" + cycle;
                ServiceRegistration<Servlet> joined = registerWhoAmI(sibling, RouteRequirements.REQUIRE_AUTHENTICATION,
                        true);
                awaitStatus(sibling, 401);
                stay.setProperties(stayProperties(cycle % 2 == 0 ? RouteRequirements.REQUIRE_ROLE
                        : RouteRequirements.REQUIRE_AUTHENTICATION, cycle % 2 == 0 ? ROLE : Boolean.TRUE));
                joined.unregister();
                awaitStatus(sibling, 404);
            }
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }

        assertTrue(failures.size() + " answers were neither 401 nor 404, the first ones: "
                + failures.stream().limit(10).toList(), failures.isEmpty());
        assertTrue("the clients were refused " + rejected.get() + " times", rejected.get() >= CYCLES);
        assertEquals(200, as("alice", "", STAY).status());
        assertEquals(1, guardsCovering(STAY).size());
        assertEquals("no guard filter refused by the whiteboard", List.of(), failedGuards());
    }

    private static Hashtable<String, Object> stayProperties(String requirement, Object value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.name", "itest-whoami" + STAY.replaceAll("[^A-Za-z0-9]+", "-"));
        properties.put("osgi.http.whiteboard.servlet.pattern", STAY);
        properties.put(requirement, value);
        return properties;
    }

    private Http.Response as(String user, String roles, String path) {
        return roles.isEmpty() ? http().getWithHeaders(path, HeaderAuthManager.USER_HEADER, user)
                : http().getWithHeaders(path, HeaderAuthManager.USER_HEADER, user, HeaderAuthManager.ROLES_HEADER, roles);
    }

    /** The default context's fpauth guard filters that list {@code pattern}. */
    private List<FilterDTO> guardsCovering(String pattern) {
        List<FilterDTO> guards = new ArrayList<>();
        for (FilterDTO filter : defaultContext().filterDTOs) {
            if (filter.name.startsWith("fpauth guard") && Arrays.asList(filter.patterns).contains(pattern)) {
                guards.add(filter);
            }
        }
        return guards;
    }

    private List<String> failedGuards() {
        List<String> failed = new ArrayList<>();
        for (FailedFilterDTO filter : runtime().failedFilterDTOs) {
            if (filter.name != null && filter.name.startsWith("fpauth")) {
                failed.add(filter.name + ": " + filter.failureReason);
            }
        }
        return failed;
    }

    private ServletContextDTO defaultContext() {
        for (ServletContextDTO context : runtime().servletContextDTOs) {
            if ("default".equals(context.name)) {
                return context;
            }
        }
        throw new AssertionError("no default context");
    }

    private RuntimeDTO runtime() {
        return service(HttpServiceRuntime.class).getRuntimeDTO();
    }

    private static String names(List<FilterDTO> filters) {
        return filters.stream().map(f -> f.name + Arrays.toString(f.patterns)).toList().toString();
    }
}
