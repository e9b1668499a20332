package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;

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
import io.github.fpauth.itest.support.HeaderAuthManager;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * Which manager is active: the one named by configuration {@code io.github.fpauth.core}
 * {@code manager} when set — never displaced by a higher-ranked one — else the highest ranking.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfiguredManagerIT extends FpauthTestSupport {

    private static final String CORE_PID = "io.github.fpauth.core";
    private static final String FAKE = "itest_header";
    private static final int HIGH_RANKING = 1000;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActiveAndNothingIsConfigured() {
        Poll.until("no configured manager", () -> authStatus().configuredManager(), Optional::isEmpty);
        awaitActiveManager("auth_user");
        registerWhoAmI("/itest/guarded", RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        awaitStatus("/itest/guarded", 401);
    }

    @Test
    public void aConfiguredManagerIsNotDisplacedByAHigherRankedOne() throws Exception {
        configure(CORE_PID, "manager", "auth_user");
        Poll.until("auth_user configured", () -> authStatus().configuredManager(), Optional.of("auth_user")::equals);

        registerManager(new HeaderAuthManager(FAKE), HIGH_RANKING);
        Poll.until("the core sees " + FAKE, () -> authStatus().managers(), managers -> managers.contains(FAKE));

        Http.Response ready = http().get("/ready");
        assertEquals(ready.toString(), "\"auth_user\"", ready.json("activeManager"));
        assertEquals(Optional.of("auth_user"), authStatus().activeManager());
        Http.Response byHeader = http().getWithHeaders("/itest/guarded", HeaderAuthManager.USER_HEADER, "mallory");
        assertEquals("the fake manager must not authenticate: " + byHeader, 401, byHeader.status());
        Http.Response byBasic = http().get("/itest/guarded", ADMIN, ADMIN_PASSWORD);
        assertEquals(byBasic.toString(), 200, byBasic.status());
        assertEquals(byBasic.toString(), "auth_user", WhoAmIServlet.parse(byBasic.body()).get("manager"));
        Http.Response admin = http().get("/admin", ADMIN, ADMIN_PASSWORD);
        assertEquals(admin.toString(), 200, admin.status());
        assertTrue("/admin lists the other managers too: " + admin, admin.body().contains(FAKE));
    }

    @Test
    public void withoutConfigurationTheHighestRankedManagerIsActive() {
        registerManager(new HeaderAuthManager(FAKE), HIGH_RANKING);
        awaitActiveManager(FAKE);

        Http.Response byHeader = http().getWithHeaders("/itest/guarded", HeaderAuthManager.USER_HEADER, "alice");
        assertEquals(byHeader.toString(), 200, byHeader.status());
        Map<String, String> seen = WhoAmIServlet.parse(byHeader.body());
        assertEquals(byHeader.toString(), FAKE, seen.get("manager"));
        assertEquals(byHeader.toString(), "alice", seen.get("user"));
        Http.Response byBasic = http().get("/itest/guarded", ADMIN, ADMIN_PASSWORD);
        assertEquals("auth_user is not active, Basic means nothing: " + byBasic, 401, byBasic.status());
        Http.Response admin = http().getWithHeaders("/admin", HeaderAuthManager.USER_HEADER, "alice");
        assertEquals("alice has no fp_admin: " + admin, 403, admin.status());
    }

    @Test
    public void whenTheHigherRankedManagerGoesAwayTheNextOneTakesOver() {
        registerManager(new HeaderAuthManager(FAKE), HIGH_RANKING).unregister();

        awaitActiveManager("auth_user");
        assertEquals(200, http().get("/itest/guarded", ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void aConfiguredManagerThatIsAbsentMakesRequirementsAnswer503() throws Exception {
        configure(CORE_PID, "manager", "no_such_manager");
        Poll.until("no_such_manager configured", () -> authStatus().configuredManager(),
                Optional.of("no_such_manager")::equals);

        for (String path : new String[] {"/", "/admin", "/itest/guarded"}) {
            Http.Response anonymous = http().get(path);
            Http.Response admin = http().get(path, ADMIN, ADMIN_PASSWORD);
            assertEquals("fail closed, never open: " + anonymous, 503, anonymous.status());
            assertEquals("fail closed, never another manager: " + admin, 503, admin.status());
        }
        assertEquals(200, http().get("/ready").status());
        assertEquals(200, http().get("/api/me").status());
    }
}
