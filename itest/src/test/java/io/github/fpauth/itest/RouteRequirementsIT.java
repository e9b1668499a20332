package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import java.util.Hashtable;

import javax.servlet.Servlet;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.HeaderAuthManager;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Poll;

/**
 * The requirement service properties as plain (non-DS) code sets them: every value form the API
 * documents, several roles, and requirements that change while the servlet stays registered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RouteRequirementsIT extends FpauthTestSupport {

    private static final String MANAGER = "itest_header";

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
    public void theStringTrueRequiresAuthentication() {
        registerWhoAmI("/itest/string-true", RouteRequirements.REQUIRE_AUTHENTICATION, "true");

        awaitStatus("/itest/string-true", 401);
        assertEquals(200, as("alice", "", "/itest/string-true").status());
    }

    @Test
    public void aSingleStringRoleIsRequired() {
        registerWhoAmI("/itest/one-role", RouteRequirements.REQUIRE_ROLE, Roles.ADMIN);

        awaitStatus("/itest/one-role", 401);
        assertEquals(403, as("alice", "user", "/itest/one-role").status());
        assertEquals(200, as("root", Roles.ADMIN, "/itest/one-role").status());
    }

    @Test
    public void everyListedRoleIsRequired() {
        registerWhoAmI("/itest/two-roles", RouteRequirements.REQUIRE_ROLE, new String[] {Roles.ADMIN, "auditor"});

        awaitStatus("/itest/two-roles", 401);
        assertEquals(403, as("root", Roles.ADMIN, "/itest/two-roles").status());
        assertEquals(403, as("audrey", "auditor", "/itest/two-roles").status());
        assertEquals(200, as("boss", Roles.ADMIN + ",auditor", "/itest/two-roles").status());
    }

    @Test
    public void aRequirementAddedOrRemovedOnARegisteredServletTakesEffect() {
        ServiceRegistration<Servlet> servlet = registerWhoAmI("/itest/changing");
        awaitStatus("/itest/changing", 200);

        servlet.setProperties(properties(RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE));
        awaitStatus("/itest/changing", 401);

        servlet.setProperties(properties());
        awaitStatus("/itest/changing", 200);
    }

    @Test
    public void aGuardedServletsSiblingWithoutRequirementsStaysOpen() {
        registerWhoAmI("/itest/area/guarded", RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerWhoAmI("/itest/area/open");

        awaitStatus("/itest/area/guarded", 401);
        Http.Response open = awaitStatus("/itest/area/open", 200);
        assertEquals(open.toString(), 200, http().get("/itest/area/open").status());
    }

    /**
     * A guarded servlet is never served before its guard is in place: from the moment it is
     * registered, every answer is a 404 (not there yet) or a 401, never a 200.
     */
    @Test
    public void aNewGuardedServletIsNeverServedBeforeItsGuard() {
        for (int round = 0; round < 20; round++) {
            String path = "/itest/fresh" + round;
            registerWhoAmI(path, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
            Http.Response answer = Poll.until(path + " registered", () -> http().get(path), r -> r.status() != 404);
            assertEquals("the first answer of a new guarded servlet: " + answer, 401, answer.status());
        }
    }

    private Http.Response as(String user, String roles, String path) {
        return roles.isEmpty() ? http().getWithHeaders(path, HeaderAuthManager.USER_HEADER, user)
                : http().getWithHeaders(path, HeaderAuthManager.USER_HEADER, user, HeaderAuthManager.ROLES_HEADER, roles);
    }

    /** The whiteboard properties of the servlet at /itest/changing plus {@code extra}. */
    private static Hashtable<String, Object> properties(Object... extra) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.name", "itest-changing");
        properties.put("osgi.http.whiteboard.servlet.pattern", "/itest/changing");
        for (int i = 0; i < extra.length; i += 2) {
            properties.put((String) extra[i], extra[i + 1]);
        }
        return properties;
    }
}
