package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.HeaderAuthManager;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * How the core uses whichever AuthManager a plugin registers (auth-user is not installed here):
 * one {@code authenticate} call per request, role requirements checked against the scopes, and
 * the manager's own answer to an authentication failure (a redirect to its login page).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagerContractIT extends FpauthTestSupport {

    private static final String GUARDED = "/itest/guarded";
    private static final String ADMIN_ONLY = "/itest/admin-only";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Before
    public void guardedRoutes() {
        awaitActiveManager(null);
        registerWhoAmI(GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerWhoAmI(ADMIN_ONLY, RouteRequirements.REQUIRE_ROLE, new String[] {Roles.ADMIN});
        awaitStatus(GUARDED, 200);
        awaitStatus(ADMIN_ONLY, 200);
    }

    @Test
    public void authenticateRunsExactlyOncePerRequest() {
        HeaderAuthManager manager = new HeaderAuthManager("itest_counting");
        registerManager(manager, 10);
        awaitActiveManager("itest_counting");

        for (String path : new String[] {GUARDED, ADMIN_ONLY, "/admin", "/", "/api/me", "/ready"}) {
            manager.resetCalls();
            Http.Response response = http().getWithHeaders(path, HeaderAuthManager.USER_HEADER, "root",
                    HeaderAuthManager.ROLES_HEADER, Roles.ADMIN);
            assertEquals(response.toString(), 200, response.status());
            assertEquals("authenticate calls for " + path, 1, manager.authenticateCalls());
        }
        manager.resetCalls();
        Http.Response rejected = http().get(GUARDED);
        assertEquals(rejected.toString(), 401, rejected.status());
        assertEquals("authenticate calls for a rejected request", 1, manager.authenticateCalls());
    }

    @Test
    public void roleRequirementsAreCheckedAgainstTheScopes() {
        registerManager(new HeaderAuthManager("itest_scopes"), 10);
        awaitActiveManager("itest_scopes");

        Http.Response narrowed = http().getWithHeaders(ADMIN_ONLY, HeaderAuthManager.USER_HEADER, "root",
                HeaderAuthManager.ROLES_HEADER, Roles.ADMIN, HeaderAuthManager.SCOPES_HEADER, "read");
        Http.Response full = http().getWithHeaders(ADMIN_ONLY, HeaderAuthManager.USER_HEADER, "root",
                HeaderAuthManager.ROLES_HEADER, Roles.ADMIN);
        Http.Response noRole = http().getWithHeaders(ADMIN_ONLY, HeaderAuthManager.USER_HEADER, "alice");

        assertEquals("fp_admin role but not in scope: " + narrowed, 403, narrowed.status());
        assertEquals(full.toString(), 200, full.status());
        assertEquals(noRole.toString(), 403, noRole.status());
    }

    @Test
    public void aManagerMayAnswerFailuresWithARedirectToItsLoginPage() {
        registerManager(new HeaderAuthManager("itest_login", "/itest/login"), 10);
        awaitActiveManager("itest_login");

        Http.Response guarded = http().get(GUARDED);
        Http.Response adminOnly = http().get(ADMIN_ONLY);

        assertEquals(guarded.toString(), 302, guarded.status());
        assertEquals(guarded.toString(), true, String.valueOf(guarded.header("Location")).endsWith("/itest/login"));
        assertEquals(adminOnly.toString(), 302, adminOnly.status());
        Http.Response forbidden = http().getWithHeaders(ADMIN_ONLY, HeaderAuthManager.USER_HEADER, "alice");
        assertEquals("authenticated without the role is 403, not a login redirect: " + forbidden, 403,
                forbidden.status());
    }

    @Test
    public void aManagerGoingAwayOpensTheRoutesAgain() {
        org.osgi.framework.ServiceRegistration<?> registration = registerManager(new HeaderAuthManager("itest_brief"), 10);
        awaitActiveManager("itest_brief");
        assertEquals(401, http().get(GUARDED).status());

        registration.unregister();

        awaitActiveManager(null);
        Http.Response open = http().get(GUARDED);
        assertEquals(open.toString(), 200, open.status());
        Map<String, String> seen = WhoAmIServlet.parse(open.body());
        assertEquals(open.toString(), WhoAmIServlet.NO_MANAGER, seen.get("manager"));
    }
}
