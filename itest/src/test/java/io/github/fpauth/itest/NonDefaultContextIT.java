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

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/** The core's filters work in every whiteboard context, not only the default one. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NonDefaultContextIT extends FpauthTestSupport {

    private static final String CONTEXT = "itest-ctx";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void aContextWithAGuardedAndAnOpenServlet() {
        awaitActiveManager("auth_user");
        registerContext(CONTEXT, "/ctx");
        registerWhoAmI("/secret", CONTEXT_SELECT, selectContext(CONTEXT), RouteRequirements.REQUIRE_AUTHENTICATION,
                Boolean.TRUE);
        registerWhoAmI("/open", CONTEXT_SELECT, selectContext(CONTEXT));
        awaitStatus("/ctx/open", 200);
    }

    @Test
    public void aServletRequiringAuthenticationInANonDefaultContextIsGuarded() {
        Http.Response anonymous = awaitStatus("/ctx/secret", 401);
        Http.Response admin = http().get("/ctx/secret", ADMIN, ADMIN_PASSWORD);

        String challenge = anonymous.header("WWW-Authenticate");
        assertEquals("Basic challenge: " + challenge, true, challenge != null && challenge.startsWith("Basic"));
        assertEquals(admin.toString(), 200, admin.status());
        Map<String, String> seen = WhoAmIServlet.parse(admin.body());
        assertEquals(admin.toString(), "auth_user", seen.get("manager"));
        assertEquals(admin.toString(), ADMIN, seen.get("user"));
        assertEquals(admin.toString(), "/ctx/secret", seen.get("path"));
    }

    @Test
    public void theCurrentUserIsResolvedInANonDefaultContext() {
        Http.Response anonymous = http().get("/ctx/open");
        Http.Response admin = http().get("/ctx/open", ADMIN, ADMIN_PASSWORD);

        assertEquals(anonymous.toString(), 200, anonymous.status());
        assertEquals(anonymous.toString(), "anonymous", WhoAmIServlet.parse(anonymous.body()).get("user"));
        assertEquals(admin.toString(), 200, admin.status());
        Map<String, String> seen = WhoAmIServlet.parse(admin.body());
        assertEquals(admin.toString(), ADMIN, seen.get("user"));
        assertEquals(admin.toString(), ADMIN, seen.get("remoteUser"));
        assertEquals(admin.toString(), "auth_user", seen.get("manager"));
    }

    @Test
    public void aFactoryConfigurationCanGuardAWholeNonDefaultContext() throws Exception {
        configureFactory("io.github.fpauth.core.protect", "prefix", "/", "context", CONTEXT);

        awaitStatus("/ctx/open", 401);
        assertEquals(200, http().get("/ctx/open", ADMIN, ADMIN_PASSWORD).status());
        assertEquals("the default context stays public", 200, http().get("/api/me").status());
    }
}
