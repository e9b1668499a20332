package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;

/** Stopping the auth-user bundle turns authentication off at once; starting it turns it back on. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StopStartAuthUserIT extends FpauthTestSupport {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() {
        awaitActiveManager("auth_user");
        awaitStatus("/", 401);
    }

    @Test
    public void stoppingAuthUserOpensEveryRouteAndStartingItEnforcesThemAgain() throws Exception {
        stop(FpauthBundle.USER);
        Http.Response ready = awaitActiveManager(null);

        assertEquals(ready.toString(), "false", ready.json("authEnabled"));
        for (String path : new String[] {"/", "/admin", "/api/me", "/ready"}) {
            Http.Response response = http().get(path);
            assertEquals("no manager: " + response, 200, response.status());
        }
        Http.Response me = http().get("/api/me", ADMIN, ADMIN_PASSWORD);
        assertEquals("no manager, credentials mean nothing: " + me, "false", me.json("authenticated"));
        assertEquals(me.toString(), "\"anonymous\"", me.json("name"));

        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");

        assertEquals(401, http().get("/").status());
        assertEquals(401, http().get("/admin").status());
        assertEquals(200, http().get("/", ADMIN, ADMIN_PASSWORD).status());
        assertEquals(200, http().get("/admin", ADMIN, ADMIN_PASSWORD).status());
        assertEquals("true", http().get("/api/me", ADMIN, ADMIN_PASSWORD).json("authenticated"));
    }
}
