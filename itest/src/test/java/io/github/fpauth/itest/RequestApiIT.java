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

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * The servlet request API agrees with {@code CurrentUser}: {@code getRemoteUser()},
 * {@code getUserPrincipal()} and {@code isUserInRole("fp_admin")} tell the same user.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RequestApiIT extends FpauthTestSupport {

    private static final String BOB_PASSWORD = "bob-Secret-42";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void aPublicWhoAmIRoute() {
        awaitActiveManager("auth_user");
        registerWhoAmI("/itest/whoami");
        awaitStatus("/itest/whoami", 200);
    }

    @Test
    public void theAdminIsTheRemoteUserThePrincipalAndInRoleFpAdmin() {
        Map<String, String> seen = whoAmI(http().get("/itest/whoami", ADMIN, ADMIN_PASSWORD));

        assertEquals(seen.toString(), ADMIN, seen.get("user"));
        assertEquals(seen.toString(), ADMIN, seen.get("remoteUser"));
        assertEquals(seen.toString(), ADMIN, seen.get("principal"));
        assertEquals(seen.toString(), "true", seen.get("admin"));
        assertEquals(seen.toString(), "true", seen.get("inRole.fp_admin"));
        assertEquals(seen.toString(), "true", seen.get("scope.fp_admin"));
    }

    @Test
    public void aUserWithoutFpAdminIsNotInRoleFpAdmin() throws Exception {
        addUser("bob", BOB_PASSWORD, "user");

        Map<String, String> seen = whoAmI(http().get("/itest/whoami", "bob", BOB_PASSWORD));

        assertEquals(seen.toString(), "bob", seen.get("user"));
        assertEquals(seen.toString(), "bob", seen.get("remoteUser"));
        assertEquals(seen.toString(), "bob", seen.get("principal"));
        assertEquals(seen.toString(), "false", seen.get("admin"));
        assertEquals(seen.toString(), "false", seen.get("inRole.fp_admin"));
    }

    @Test
    public void anAnonymousRequestHasNoRemoteUserNoPrincipalAndNoRole() {
        Map<String, String> seen = whoAmI(http().get("/itest/whoami"));

        assertEquals(seen.toString(), "anonymous", seen.get("user"));
        assertEquals(seen.toString(), "false", seen.get("authenticated"));
        assertEquals(seen.toString(), "null", seen.get("remoteUser"));
        assertEquals(seen.toString(), "null", seen.get("principal"));
        assertEquals(seen.toString(), "false", seen.get("inRole.fp_admin"));
        assertEquals(seen.toString(), "auth_user", seen.get("manager"));
    }

    @Test
    public void aWrongPasswordOnAPublicRouteIsAnonymous() {
        Map<String, String> seen = whoAmI(http().get("/itest/whoami", ADMIN, "wrong"));

        assertEquals(seen.toString(), "anonymous", seen.get("user"));
        assertEquals(seen.toString(), "null", seen.get("remoteUser"));
        assertEquals(seen.toString(), "false", seen.get("inRole.fp_admin"));
    }

    private static Map<String, String> whoAmI(Http.Response response) {
        assertEquals(response.toString(), 200, response.status());
        return WhoAmIServlet.parse(response.body());
    }
}
