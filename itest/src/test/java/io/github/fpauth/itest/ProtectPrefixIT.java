package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.Roles;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * Factory configurations {@code io.github.fpauth.core.protect} guard a whole path prefix
 * (FastPluggy's "protect an entire router"), segment-aware, for servlets that declare nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProtectPrefixIT extends FpauthTestSupport {

    private static final String PROTECT_PID = "io.github.fpauth.core.protect";
    private static final String BOB_PASSWORD = "bob-Secret-42";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void routesWithoutRequirementsAreOpen() throws Exception {
        awaitActiveManager("auth_user");
        addUser("bob", BOB_PASSWORD, "user");
        registerWhoAmI("/reports/*");
        registerWhoAmI("/reportsX/*");
        awaitStatus("/reports/daily", 200);
        awaitStatus("/reportsX/daily", 200);
    }

    @Test
    public void aPrefixRequiringARoleGuardsEveryRouteUnderIt() throws Exception {
        configureFactory(PROTECT_PID, "prefix", "/reports", "requireRole", new String[] {Roles.ADMIN});

        awaitStatus("/reports/daily", 401);

        assertEquals(401, http().get("/reports").status());
        assertEquals(401, http().get("/reports/2024/q1").status());
        assertEquals(403, http().get("/reports/daily", "bob", BOB_PASSWORD).status());
        Http.Response admin = http().get("/reports/daily", ADMIN, ADMIN_PASSWORD);
        assertEquals(admin.toString(), 200, admin.status());
        assertEquals(admin.toString(), ADMIN, WhoAmIServlet.parse(admin.body()).get("user"));
    }

    @Test
    public void aPrefixRequiringAuthenticationLetsAnyUserIn() throws Exception {
        configureFactory(PROTECT_PID, "prefix", "/reports", "requireAuthentication", Boolean.TRUE);

        awaitStatus("/reports/daily", 401);

        assertEquals(200, http().get("/reports/daily", "bob", BOB_PASSWORD).status());
        assertEquals(200, http().get("/reports/daily", ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void aPrefixIsSegmentAwareReportsXIsNotUnderReports() throws Exception {
        configureFactory(PROTECT_PID, "prefix", "/reports", "requireRole", new String[] {Roles.ADMIN});
        awaitStatus("/reports/daily", 401);

        Http.Response sibling = http().get("/reportsX/daily");

        assertEquals("/reportsX is not under /reports: " + sibling, 200, sibling.status());
        assertEquals(sibling.toString(), "anonymous", WhoAmIServlet.parse(sibling.body()).get("user"));
    }

    @Test
    public void deletingTheConfigurationOpensThePrefixAgain() throws Exception {
        org.osgi.service.cm.Configuration protect = configureFactory(PROTECT_PID, "prefix", "/reports",
                "requireAuthentication", Boolean.TRUE);
        awaitStatus("/reports/daily", 401);

        protect.delete();

        awaitStatus("/reports/daily", 200);
    }

    @Test
    public void aPrefixLimitedToOneContextLeavesOtherContextsAlone() throws Exception {
        registerContext("itest-ctx", "/ctx");
        registerWhoAmI("/reports/*", CONTEXT_SELECT, selectContext("itest-ctx"));
        awaitStatus("/ctx/reports/daily", 200);

        configureFactory(PROTECT_PID, "prefix", "/reports", "context", "itest-ctx", "requireAuthentication",
                Boolean.TRUE);

        awaitStatus("/ctx/reports/daily", 401);
        assertEquals("the default context is not itest-ctx", 200, http().get("/reports/daily").status());
    }
}
