package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.Map;

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
import io.github.fpauth.itest.support.WhoAmIServlet;

/** The core without any AuthManager (auth-user not installed): every route is open, every user anonymous. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NoManagerIT extends FpauthTestSupport {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Before
    public void coreIsUp() {
        awaitStatus("/ready", 200);
    }

    @Test
    public void everyCoreRouteAnswers200() {
        for (String path : new String[] {"/", "/admin", "/api/me", "/ready"}) {
            Http.Response response = http().get(path);
            assertEquals(response.toString(), 200, response.status());
        }
    }

    @Test
    public void apiMeSaysAnonymous() {
        Http.Response me = http().get("/api/me");

        assertEquals(me.toString(), 200, me.status());
        assertEquals(me.toString(), "false", me.json("authenticated"));
        assertEquals(me.toString(), "\"anonymous\"", me.json("name"));
        assertEquals(me.toString(), "false", me.json("admin"));
        assertEquals(me.toString(), "[]", compact(me.json("roles")));
        assertEquals(me.toString(), "\"Anonymous\"", me.json("displayName"));
    }

    @Test
    public void apiMeIgnoresCredentialsWhenNoManagerIsActive() {
        Http.Response me = http().get("/api/me", ADMIN, ADMIN_PASSWORD);

        assertEquals(me.toString(), 200, me.status());
        assertEquals(me.toString(), "false", me.json("authenticated"));
    }

    @Test
    public void readySaysAuthenticationIsDisabled() {
        Http.Response ready = http().get("/ready");

        assertEquals(ready.toString(), "\"UP\"", ready.json("status"));
        assertEquals(ready.toString(), "false", ready.json("authEnabled"));
        assertEquals(ready.toString(), "null", ready.json("activeManager"));
        assertFalse(authStatus().isAuthEnabled());
    }

    @Test
    public void aServletRequiringAuthenticationIsOpenAndSeesNoManager() {
        registerWhoAmI("/itest/guarded", RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);

        Http.Response response = awaitStatus("/itest/guarded", 200);

        Map<String, String> seen = WhoAmIServlet.parse(response.body());
        assertEquals(response.toString(), WhoAmIServlet.NO_MANAGER, seen.get("manager"));
        assertEquals(response.toString(), "anonymous", seen.get("user"));
    }

    private static String compact(String json) {
        return json == null ? null : json.replaceAll("\\s+", "");
    }
}
