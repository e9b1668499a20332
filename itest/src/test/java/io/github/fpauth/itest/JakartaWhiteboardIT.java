package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import jakarta.servlet.Servlet;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.servlet.context.ServletContextHelper;

import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.Browser;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.JakartaWhoAmIServlet;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * Routes of the Jakarta Servlet Whiteboard ({@code jakarta.servlet.Servlet} services) get what
 * javax routes get, from the same core through fpauth's Jakarta bundle: the current user, the
 * active manager's 401 or login redirect, 403 without the role, 503 when the core fails closed,
 * anonymous and open access without a manager, in the default context and in a Jakarta context
 * of their own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JakartaWhiteboardIT extends FpauthTestSupport {

    private static final String GUARDED = "/jakarta/guarded";
    private static final String ADMIN_ONLY = "/jakarta/admin";
    private static final String OPEN = "/jakarta/open";
    private static final String USER = "jakartauser";
    private static final String USER_PASSWORD = "Jakarta-user-pw-38";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.JAKARTA.option(),
            FpauthBundle.USER.option()};
    }

    @Before
    public void jakartaRoutes() {
        awaitActiveManager("auth_user");
        registerJakarta("itest-jakarta-guarded", GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerJakarta("itest-jakarta-admin", ADMIN_ONLY, RouteRequirements.REQUIRE_ROLE, Roles.ADMIN);
        registerJakarta("itest-jakarta-open", OPEN);
        awaitStatus(GUARDED, 401);
        awaitStatus(ADMIN_ONLY, ADMIN, ADMIN_PASSWORD, 200);
    }

    @Test
    public void aGuardedJakartaRouteChallengesApiClientsAndServesTheSignedInUser() {
        Http.Response anonymous = http().get(GUARDED);
        assertEquals(anonymous.toString(), 401, anonymous.status());
        assertTrue(anonymous.toString(), anonymous.header("WWW-Authenticate").startsWith("Basic"));

        Map<String, String> admin = WhoAmIServlet.parse(http().get(GUARDED, ADMIN, ADMIN_PASSWORD).body());
        assertEquals("jakarta", admin.get("api"));
        assertEquals("auth_user", admin.get("manager"));
        assertEquals(ADMIN, admin.get("user"));
        assertEquals("true", admin.get("admin"));
        assertEquals("the Jakarta request API agrees", ADMIN, admin.get("remoteUser"));
        assertEquals(ADMIN, admin.get("principal"));
        assertEquals("true", admin.get("inRole.fp_admin"));
        assertEquals(GUARDED, admin.get("path"));
    }

    @Test
    public void browsersAreSentToTheLoginPageFromAJakartaRoute() {
        Browser.Page page = new Browser(httpPort()).get(GUARDED + "?x=1");
        assertEquals(page.toString(), 303, page.status());
        assertEquals("/login?next=%2Fjakarta%2Fguarded%3Fx%3D1", page.header("Location"));
    }

    @Test
    public void aJakartaRouteRequiringARoleRefusesASignedInUserWithoutIt() throws Exception {
        addUser(USER, USER_PASSWORD);
        Http.Response withoutRole = Poll.until("the new user", () -> http().get(ADMIN_ONLY, USER, USER_PASSWORD),
                r -> r.status() != 401);
        assertEquals(withoutRole.toString(), 403, withoutRole.status());
        assertEquals(200, http().get(GUARDED, USER, USER_PASSWORD).status());
        assertEquals(401, http().get(ADMIN_ONLY).status());
    }

    @Test
    public void aPublicJakartaRouteKnowsTheUserToo() {
        assertEquals("anonymous", WhoAmIServlet.parse(http().get(OPEN).body()).get("user"));
        Map<String, String> admin = WhoAmIServlet.parse(http().get(OPEN, ADMIN, ADMIN_PASSWORD).body());
        assertEquals(ADMIN, admin.get("user"));
        assertEquals(ADMIN, admin.get("remoteUser"));
    }

    @Test
    public void withoutAManagerJakartaRoutesAreOpenAndAnonymousAndGuardedAgainOnceItIsBack() throws Exception {
        stop(FpauthBundle.USER);
        awaitActiveManager(null);
        Map<String, String> anonymous = WhoAmIServlet.parse(awaitStatus(GUARDED, 200).body());
        assertEquals(WhoAmIServlet.NO_MANAGER, anonymous.get("manager"));
        assertEquals("anonymous", anonymous.get("user"));
        assertEquals("null", anonymous.get("remoteUser"));

        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");
        assertEquals(401, http().get(GUARDED).status());
        assertEquals(200, http().get(GUARDED, ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void whenTheCoreFailsClosedAGuardedJakartaRouteAnswers503() throws Exception {
        configure("io.github.fpauth.core", "strict", Boolean.TRUE);
        Poll.until("strict mode", () -> authStatus().isStrict(), Boolean.TRUE::equals);
        stop(FpauthBundle.USER);
        awaitActiveManager(null);

        Http.Response guarded = http().get(GUARDED);
        assertEquals(guarded.toString(), 503, guarded.status());
        assertEquals(200, http().get(OPEN).status());
    }

    @Test
    public void aJakartaRouteInItsOwnJakartaContextIsGuarded() {
        register(ServletContextHelper.class, new ServletContextHelper(context.getBundle()) {
        }, "osgi.http.whiteboard.context.name", "itestjakarta", "osgi.http.whiteboard.context.path", "/jctx");
        registerJakarta("itest-jakarta-context", "/secret", CONTEXT_SELECT, selectContext("itestjakarta"),
                RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);

        awaitStatus("/jctx/secret", 401);
        Map<String, String> admin = WhoAmIServlet.parse(awaitStatus("/jctx/secret", ADMIN, ADMIN_PASSWORD, 200).body());
        assertEquals(ADMIN, admin.get("user"));
        assertEquals("/jctx/secret", admin.get("path"));
    }

    @Test
    public void aPathPrefixProtectedByConfigurationCoversJakartaServletsUnderIt() throws Exception {
        registerJakarta("itest-jakarta-vault", "/jvault/*");
        awaitStatus("/jvault/x", 200);
        configureFactory("io.github.fpauth.core.protect", "prefix", "/jvault");

        awaitStatus("/jvault/x", 401);
        assertEquals(ADMIN, WhoAmIServlet.parse(http().get("/jvault/x", ADMIN, ADMIN_PASSWORD).body()).get("user"));
    }

    @Test
    public void unregisteringAGuardedJakartaServletRemovesItsGuardAndNothingElse() {
        var registration = registerJakarta("itest-jakarta-gone", "/jakarta/gone", RouteRequirements.REQUIRE_AUTHENTICATION,
                Boolean.TRUE);
        awaitStatus("/jakarta/gone", 401);
        registration.unregister();
        awaitStatus("/jakarta/gone", 404);
        assertEquals(401, http().get(GUARDED).status());
    }

    private org.osgi.framework.ServiceRegistration<Servlet> registerJakarta(String name, String pattern,
            Object... properties) {
        Object[] all = new Object[properties.length + 4];
        all[0] = "osgi.http.whiteboard.servlet.name";
        all[1] = name;
        all[2] = "osgi.http.whiteboard.servlet.pattern";
        all[3] = pattern;
        System.arraycopy(properties, 0, all, 4, properties.length);
        return register(Servlet.class, new JakartaWhoAmIServlet(), all);
    }
}
