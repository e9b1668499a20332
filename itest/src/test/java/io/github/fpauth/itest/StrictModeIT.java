package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

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
import io.github.fpauth.itest.support.Poll;

/** Strict mode fails closed: with no manager active, routes with requirements answer 503. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrictModeIT extends FpauthTestSupport {

    private static final String CORE_PID = "io.github.fpauth.core";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() {
        awaitActiveManager("auth_user");
        registerWhoAmI("/itest/guarded", RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        awaitStatus("/itest/guarded", 401);
    }

    @Test
    public void withoutAManagerProtectedRoutesAnswer503AndPublicRoutes200() throws Exception {
        configure(CORE_PID, "strict", Boolean.TRUE);
        Poll.until("strict mode", () -> authStatus().isStrict(), Boolean.TRUE::equals);

        stop(FpauthBundle.USER);
        awaitActiveManager(null);

        for (String path : new String[] {"/", "/admin", "/itest/guarded"}) {
            Http.Response anonymous = http().get(path);
            Http.Response withCredentials = http().get(path, ADMIN, ADMIN_PASSWORD);
            assertEquals("strict, no manager: " + anonymous, 503, anonymous.status());
            assertEquals("strict, no manager: " + withCredentials, 503, withCredentials.status());
        }
        for (String path : new String[] {"/ready", "/api/me"}) {
            Http.Response response = http().get(path);
            assertEquals("public in strict mode too: " + response, 200, response.status());
        }

        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");
        assertEquals(401, http().get("/").status());
        assertEquals(200, http().get("/", ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void strictModeChangesNothingWhileAManagerIsActive() throws Exception {
        configure(CORE_PID, "strict", Boolean.TRUE);
        Poll.until("strict mode", () -> authStatus().isStrict(), Boolean.TRUE::equals);

        assertEquals(401, http().get("/itest/guarded").status());
        assertEquals(200, http().get("/itest/guarded", ADMIN, ADMIN_PASSWORD).status());
        assertEquals(200, http().get("/ready").status());
    }
}
