package io.github.fpauth.core.guard;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.Filter;
import javax.servlet.Servlet;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.core.guard.FakeBundleContext.Registered;
import io.github.fpauth.core.manager.RegistryFixture;

/** Which guard filters ServletGuards keeps registered as servlets come, change and go, and in which order. */
public class ServletGuardsTest {

    private static final String PATTERN = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN;
    private static final String NAME = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME;
    private static final String SELECT = HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT;
    private static final String TARGET = HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET;
    private static final String AUTH = RouteRequirements.REQUIRE_AUTHENTICATION;
    private static final String ROLE = RouteRequirements.REQUIRE_ROLE;

    private final FakeBundleContext whiteboard = new FakeBundleContext();
    private final Map<ServiceReference<Servlet>, Map<String, Object>> servletProperties = new ConcurrentHashMap<>();
    private ServletGuards guards;

    @Before
    public void setUp() {
        guards = new ServletGuards(whiteboard.context(), new RegistryFixture("", false).registry());
    }

    @After
    public void noFilterWasUnregisteredTwice() {
        assertTrue(whiteboard.events().toString(), whiteboard.events().stream().noneMatch(e -> e.startsWith("!")));
    }

    @Test
    public void servletsWithTheSameRequirementShareOneFilterOnTheUnionOfTheirPatterns() {
        guards.bindServlet(servlet(1, PATTERN, new String[] { "/a", "/a/*" }, AUTH, true));
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, "true"));
        guards.bindServlet(servlet(3, PATTERN, List.of("/a/*", "/c"), NAME, "c", AUTH, true));

        Registered filter = only();
        assertArrayEquals(new String[] { "/a", "/a/*", "/b", "/c" }, filter.patterns());
        assertArrayEquals(new String[] { "c" }, filter.servletNames());
        assertEquals("fpauth guard (authenticated)", filter.properties().get(Constants.SERVICE_DESCRIPTION));
        assertEquals(3, guards.size());
        assertEquals(1, guards.filters());
    }

    @Test
    public void aGroupFilterIsAWhiteboardGuardWithAFilterInstancePerContext() {
        guards.bindServlet(servlet(1, PATTERN, "/a", ROLE, "admin"));

        Registered filter = only();
        assertEquals(WhiteboardPlacement.GUARD, filter.properties().get(Constants.SERVICE_RANKING));
        assertEquals("(osgi.http.whiteboard.context.name=default)", filter.properties().get(SELECT));
        assertEquals(null, filter.properties().get(TARGET));
        assertEquals(Set.of("REQUEST", "FORWARD", "INCLUDE", "ASYNC"), Set.of((String[]) filter.properties()
                .get(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_DISPATCHER)));
        @SuppressWarnings("unchecked")
        PrototypeServiceFactory<Filter> factory = (PrototypeServiceFactory<Filter>) filter.service();
        Filter one = factory.getService(null, null);
        assertTrue(one instanceof RequirementFilter);
        assertNotSame(one, factory.getService(null, null));
    }

    @Test
    public void aDifferentRoleContextOrTargetMakesAnotherFilter() {
        guards.bindServlet(servlet(1, PATTERN, "/admin", ROLE, "admin"));
        guards.bindServlet(servlet(2, PATTERN, "/audit", ROLE, new String[] { "admin", "auditor" }));
        guards.bindServlet(servlet(3, PATTERN, "/shop", ROLE, "admin", SELECT, "(osgi.http.whiteboard.context.name=shop)"));
        guards.bindServlet(servlet(4, PATTERN, "/other", ROLE, "admin", TARGET, "(name=other)"));
        guards.bindServlet(servlet(5, PATTERN, "/other2", ROLE, "admin", TARGET, "(name=other)"));
        guards.bindServlet(servlet(6, PATTERN, "/more", ROLE, List.of("admin")));

        Map<String, Registered> byPatterns = byPatterns();
        assertEquals(byPatterns.keySet().toString(), 4, byPatterns.size());
        assertTrue(byPatterns.containsKey("[/admin, /more]"));
        assertTrue(byPatterns.containsKey("[/audit]"));
        assertEquals("(osgi.http.whiteboard.context.name=shop)", byPatterns.get("[/shop]").properties().get(SELECT));
        assertEquals("(name=other)", byPatterns.get("[/other, /other2]").properties().get(TARGET));
        assertEquals("fpauth guard (roles [admin, auditor])",
                byPatterns.get("[/audit]").properties().get(Constants.SERVICE_DESCRIPTION));
        assertEquals(6, guards.size());
        assertEquals(4, guards.filters());
    }

    @Test
    public void aMemberLeavingReRegistersItsGroupBeforeTheOldFilterGoes() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, true));
        String both = only().name();
        whiteboard.clearEvents();

        guards.unbindServlet(a);

        Registered rest = only();
        assertArrayEquals(new String[] { "/b" }, rest.patterns());
        assertEquals(List.of("+" + rest.name(), "-" + both), whiteboard.events());
        assertEquals(1, guards.size());
    }

    @Test
    public void aServletWhoseRequirementChangesMovesToItsNewGroupBeforeLeavingTheOld() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, true));
        guards.bindServlet(servlet(3, PATTERN, "/admin", ROLE, "admin"));
        Map<String, Registered> before = byPatterns();
        whiteboard.clearEvents();

        set(a, PATTERN, "/a", ROLE, "admin");
        guards.updatedServlet(a);

        Map<String, Registered> after = byPatterns();
        assertEquals(after.keySet().toString(), Set.of("[/a, /admin]", "[/b]"), after.keySet());
        assertEquals("fpauth guard (roles [admin])", after.get("[/a, /admin]").properties()
                .get(Constants.SERVICE_DESCRIPTION));
        assertEquals(List.of("+" + after.get("[/a, /admin]").name(), "-" + before.get("[/admin]").name(),
                "+" + after.get("[/b]").name(), "-" + before.get("[/a, /b]").name()), whiteboard.events());
        assertEquals(3, guards.size());
    }

    @Test
    public void aServletMovingToAGroupOfItsOwnIsGuardedThroughout() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, true));
        String both = only().name();
        whiteboard.clearEvents();

        set(a, PATTERN, "/a", AUTH, true, SELECT, "(osgi.http.whiteboard.context.name=shop)");
        guards.updatedServlet(a);

        Map<String, Registered> after = byPatterns();
        assertEquals(List.of("+" + after.get("[/a]").name(), "+" + after.get("[/b]").name(), "-" + both),
                whiteboard.events());
    }

    @Test
    public void theLastMemberLeavingUnregistersTheFilter() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        ServiceReference<Servlet> b = servlet(2, PATTERN, "/b", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(b);
        guards.unbindServlet(a);
        String last = only().name();
        whiteboard.clearEvents();

        guards.unbindServlet(b);

        assertEquals(List.of("-" + last), whiteboard.events());
        assertEquals(0, guards.size());
        assertEquals(0, guards.filters());
    }

    @Test
    public void aRequirementRemovedOnUpdateReleasesTheServlet() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, true));

        set(a, PATTERN, "/a", AUTH, false);
        guards.updatedServlet(a);

        assertArrayEquals(new String[] { "/b" }, only().patterns());
        assertEquals(1, guards.size());
    }

    @Test
    public void anUpdateThatChangesNoGuardKeepsTheFilter() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        whiteboard.clearEvents();

        set(a, PATTERN, "/a", AUTH, "true", Constants.SERVICE_RANKING, 5);
        guards.updatedServlet(a);

        assertEquals(List.of(), whiteboard.events());
    }

    @Test
    public void aNamedDefaultServletIsGuardedByNameAndAnUnnamedOneByItsPattern() {
        guards.bindServlet(servlet(1, PATTERN, "/", NAME, "home", AUTH, true));
        guards.bindServlet(servlet(2, PATTERN, new String[] { "/", "/start" }, NAME, "start", AUTH, true));
        guards.bindServlet(servlet(3, NAME, "by-name-only", AUTH, true));

        Registered named = only();
        assertArrayEquals(new String[] { "/start" }, named.patterns());
        assertArrayEquals(new String[] { "home", "start", "by-name-only" }, named.servletNames());

        guards.bindServlet(servlet(4, PATTERN, "/", AUTH, true, SELECT, "(osgi.http.whiteboard.context.name=x)"));
        assertArrayEquals(new String[] { "/" }, byPatterns().get("[/]").patterns());
    }

    @Test
    public void aServletWithoutPatternOrNameIsNotGuarded() {
        guards.bindServlet(servlet(1, AUTH, true));
        guards.bindServlet(servlet(2, PATTERN, "/open"));

        assertEquals(List.of(), whiteboard.live());
        assertEquals(0, guards.size());
    }

    @Test
    public void aServletWithAMalformedPatternGetsAFilterOfItsOwn() {
        guards.bindServlet(servlet(1, PATTERN, "/a", AUTH, true));
        guards.bindServlet(servlet(2, PATTERN, "/b/", AUTH, true));
        guards.bindServlet(servlet(3, PATTERN, "/c", AUTH, true));
        guards.bindServlet(servlet(4, PATTERN, "d*", AUTH, true));

        assertEquals(Set.of("[/a, /c]", "[/b/]", "[d*]"), byPatterns().keySet());
    }

    @Test
    public void everyRegistrationHasItsOwnName() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        guards.bindServlet(a);
        guards.bindServlet(servlet(2, PATTERN, "/b", AUTH, true));
        guards.bindServlet(servlet(3, PATTERN, "/c", ROLE, "admin"));
        set(a, PATTERN, "/a2", AUTH, true);
        guards.updatedServlet(a);

        List<String> registered = whiteboard.events().stream().filter(e -> e.startsWith("+")).toList();
        assertEquals(registered.size(), new HashSet<>(registered).size());
        assertTrue(registered.toString(), registered.get(0).matches("\\+fpauth guard \\(authenticated\\) #\\d+"));
        assertTrue(registered.toString(), registered.contains("+fpauth guard (roles [admin]) #3"));
    }

    @Test
    public void deactivateUnregistersEveryFilterAndLaterServletsAreIgnored() {
        guards.bindServlet(servlet(1, PATTERN, "/a", AUTH, true));
        guards.bindServlet(servlet(2, PATTERN, "/b", ROLE, "admin"));

        guards.deactivate();
        guards.bindServlet(servlet(3, PATTERN, "/c", AUTH, true));

        assertEquals(List.of(), whiteboard.live());
        assertEquals(0, guards.size());
    }

    /** A servlet bound during the registration of another's guard, in the same thread (a service event). */
    @Test
    public void aServletBoundWhileItsGroupRegistersIsGuardedAndNothingLeaks() {
        AtomicBoolean once = new AtomicBoolean();
        ServiceReference<Servlet> nested = servlet(2, PATTERN, "/b", AUTH, true);
        whiteboard.onRegister(r -> {
            if (once.compareAndSet(false, true)) {
                guards.bindServlet(nested);
            }
        });

        guards.bindServlet(servlet(1, PATTERN, "/a", AUTH, true));

        assertArrayEquals(new String[] { "/a", "/b" }, only().patterns());
        assertEquals(2, guards.size());
    }

    @Test
    public void aServletThatLeavesWhileItsGroupRegistersLeavesNoFilter() {
        ServiceReference<Servlet> a = servlet(1, PATTERN, "/a", AUTH, true);
        AtomicBoolean once = new AtomicBoolean();
        whiteboard.onRegister(r -> {
            if (once.compareAndSet(false, true)) {
                guards.unbindServlet(a);
            }
        });

        guards.bindServlet(a);

        assertEquals(List.of(), whiteboard.live());
        assertEquals(0, guards.filters());
    }

    @Test
    public void concurrentBindsUpdatesAndUnbindsLeaveOneFilterPerGroupOnItsMembers() throws Exception {
        String[] roles = { "a", "b", "" };
        int threads = 4;
        int perThread = 60;
        Map<Long, ServiceReference<Servlet>> bound = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    long id = thread * 1000L + i;
                    ServiceReference<Servlet> s = servlet(id, PATTERN, "/s" + id, ROLE, roles[i % 3]);
                    guards.bindServlet(s);
                    bound.put(id, s);
                    if (i % 2 == 0) {
                        set(s, PATTERN, "/s" + id, ROLE, roles[(i + 1) % 3]);
                        guards.updatedServlet(s);
                    }
                    if (i % 5 == 0) {
                        bound.remove(id);
                        guards.unbindServlet(s);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        Map<String, Set<String>> expected = new TreeMap<>();
        for (ServiceReference<Servlet> s : bound.values()) {
            String role = (String) s.getProperty(ROLE);
            expected.computeIfAbsent(role.isEmpty() ? "authenticated" : "roles [" + role + "]", k -> new HashSet<>())
                    .add((String) s.getProperty(PATTERN));
        }
        Map<String, Set<String>> actual = new TreeMap<>();
        for (Registered r : whiteboard.live()) {
            String requirement = ((String) r.properties().get(Constants.SERVICE_DESCRIPTION))
                    .replaceAll("^fpauth guard \\((.*)\\)$", "$1");
            assertEquals("one filter per requirement", null,
                    actual.put(requirement, new HashSet<>(Arrays.asList(r.patterns()))));
        }
        assertEquals(expected, actual);
        assertEquals(bound.size(), guards.size());
    }

    private Registered only() {
        List<Registered> live = whiteboard.live();
        assertEquals(live.toString(), 1, live.size());
        return live.get(0);
    }

    /** The live filters by their patterns, e.g. "[/a, /b]". */
    private Map<String, Registered> byPatterns() {
        Map<String, Registered> filters = new HashMap<>();
        for (Registered r : whiteboard.live()) {
            assertEquals("patterns shared by two filters", null, filters.put(Arrays.toString(r.patterns()), r));
        }
        return filters;
    }

    private ServiceReference<Servlet> servlet(long id, Object... properties) {
        Map<String, Object> values = new ConcurrentHashMap<>();
        @SuppressWarnings("unchecked")
        ServiceReference<Servlet> ref = mock(ServiceReference.class);
        when(ref.getProperty(anyString())).thenAnswer(i -> values.get(i.getArgument(0, String.class)));
        when(ref.getPropertyKeys()).thenAnswer(i -> values.keySet().toArray(new String[0]));
        values.put(Constants.SERVICE_ID, id);
        put(values, properties);
        servletProperties.put(ref, values);
        return ref;
    }

    /** Replaces a servlet's properties but its service id, as ServiceRegistration.setProperties does. */
    private void set(ServiceReference<Servlet> servlet, Object... properties) {
        Map<String, Object> values = servletProperties.get(servlet);
        values.keySet().removeIf(k -> !Constants.SERVICE_ID.equals(k));
        put(values, properties);
    }

    private static void put(Map<String, Object> values, Object... properties) {
        for (int i = 0; i < properties.length; i += 2) {
            values.put((String) properties[i], properties[i + 1]);
        }
    }
}
