package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.LogCapture;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * Failing closed over real HTTP: an active manager that throws, that returns {@code null}, or that
 * answers (even "admin") only after {@code authenticationTimeoutMillis} never opens a protected
 * route (401 or 5xx), while public routes keep answering 200 as anonymous; each failure is logged.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailClosedOverHttpIT extends FpauthTestSupport {

    private static final String GUARDED = "/itest/guarded";
    private static final String ADMIN_ONLY = "/itest/admin-only";
    private static final String PUBLIC = "/itest/public";
    private static final long TIMEOUT_MILLIS = 100;
    private static final long HANG_MILLIS = 400;

    private LogCapture log;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Before
    public void routes() throws Exception {
        log = new LogCapture(context);
        configure("io.github.fpauth.core", "authenticationTimeoutMillis", TIMEOUT_MILLIS);
        registerWhoAmI(GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerWhoAmI(ADMIN_ONLY, RouteRequirements.REQUIRE_ROLE, Roles.ADMIN);
        registerWhoAmI(PUBLIC);
        awaitStatus(PUBLIC, 200);
    }

    @After
    public void stopCapture() {
        log.close();
    }

    /** A manager that would grant admin to anyone, if only it answered properly. */
    private abstract static class Broken implements AuthManager {
        private final String name;

        Broken(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        static AuthResult admin() {
            return AuthResult.authenticated(AuthUser.builder("mallory").roles(java.util.Set.of(Roles.ADMIN)).build());
        }
    }

    private void activate(AuthManager manager) {
        registerManager(manager, 100);
        awaitActiveManager(manager.name());
    }

    /** Protected routes never 2xx, public ones 200 and anonymous. */
    private void assertFailsClosed(String why) {
        for (String path : new String[] {GUARDED, ADMIN_ONLY, "/", "/admin"}) {
            Http.Response response = http().get(path);
            int status = response.status();
            assertTrue(why + ": " + response, status == 401 || status >= 500 && status <= 599);
            assertFalse(why + ": " + response, response.body().contains("user=mallory"));
            Http.Response withCredentials = http().get(path, "mallory", "anything");
            assertNotEquals(why + ": " + withCredentials, 200, withCredentials.status());
        }
        Http.Response open = http().get(PUBLIC);
        assertEquals(why + ": " + open, 200, open.status());
        Map<String, String> who = WhoAmIServlet.parse(open.body());
        assertEquals(why + ": " + open, "false", who.get("authenticated"));
        assertEquals(why + ": " + open, "null", who.get("remoteUser"));
        Http.Response me = http().get("/api/me");
        assertEquals(why + ": " + me, 200, me.status());
        assertEquals(why + ": " + me, "false", me.json("authenticated"));
        Http.Response ready = http().get("/ready");
        assertEquals(why + ": " + ready, 200, ready.status());
    }

    @Test
    public void aManagerThatThrowsNeverGrantsAccess() {
        activate(new Broken("itest-throws") {
            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                throw new IllegalStateException("itest: backend down");
            }
        });

        assertFailsClosed("throws");
        log.await("itest-throws", "failed to authenticate", "itest: backend down");
    }

    @Test
    public void aManagerThatThrowsAnErrorNeverGrantsAccessAndPublicRoutesStayUp() {
        // What a manager whose bundle was refreshed under it throws.
        activate(new Broken("itest-linkage") {
            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                throw new NoClassDefFoundError("itest/gone/Backend");
            }
        });

        assertFailsClosed("throws an Error");
        log.await("itest-linkage", "itest/gone/Backend");
    }

    @Test
    public void aManagerThatReturnsNullNeverGrantsAccess() {
        activate(new Broken("itest-null") {
            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return null;
            }
        });

        assertFailsClosed("returns null");
        log.await("itest-null", "returned no result");
    }

    @Test
    public void aManagerThatAnswersAfterTheTimeoutNeverGrantsAccess() {
        activate(new Broken("itest-slow") {
            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                try {
                    Thread.sleep(HANG_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return admin();
            }
        });

        long start = System.nanoTime();
        Http.Response guarded = http().get(GUARDED);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue("the manager really hung: " + millis + " ms", millis >= HANG_MILLIS);
        assertTrue(guarded.toString(), guarded.status() == 401 || guarded.status() >= 500);
        assertFailsClosed("hangs past the timeout");
        log.await("itest-slow", "refusing its answer", "timeout " + TIMEOUT_MILLIS + " ms");
    }

    @Test
    public void theSameManagerAnsweringInTimeGrantsAccess() {
        // The control: the test doubles above are refused for failing, not for what they grant.
        activate(new Broken("itest-prompt") {
            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return admin();
            }
        });

        Http.Response guarded = Poll.until("admin granted", () -> http().get(ADMIN_ONLY), r -> r.status() == 200);
        assertEquals("mallory", WhoAmIServlet.parse(guarded.body()).get("user"));
    }
}
