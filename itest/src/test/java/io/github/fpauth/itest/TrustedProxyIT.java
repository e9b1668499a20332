package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.After;
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
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.LogCapture;
import io.github.fpauth.itest.support.RawHttp;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * The {@code proxy} manager over real HTTP: a reverse proxy on a trusted address (here the test
 * client, on loopback) names the user and their groups in headers; the same headers from an
 * untrusted address, or forged beside the proxy's, sign nobody in. The manager takes over from
 * auth_user while it runs (ranking 100) and hands back at once when its bundle stops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrustedProxyIT extends FpauthTestSupport {

    private static final String PID = "io.github.fpauth.proxy";
    private static final String GUARDED = "/itest/guarded";
    private static final String ADMIN_ONLY = "/itest/admin-only";

    private LogCapture log;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option(),
            FpauthBundle.PROXY.option()};
    }

    @Before
    public void routes() {
        log = new LogCapture(context);
        awaitActiveManager("auth_user");
        registerWhoAmI(GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerWhoAmI(ADMIN_ONLY, RouteRequirements.REQUIRE_ROLE, Roles.ADMIN);
        awaitStatus(GUARDED, 401);
    }

    @After
    public void stopCapture() {
        log.close();
    }

    @Test
    public void withoutItsConfigurationTheProxyBundleBringsNoManager() {
        assertEquals(org.osgi.framework.Bundle.ACTIVE, bundle(FpauthBundle.PROXY).getState());
        awaitActiveManager("auth_user");
        Http.Response forged = http().getWithHeaders(GUARDED, "X-Forwarded-User", ADMIN);
        assertEquals(forged.toString(), 401, forged.status());
    }

    @Test
    public void aUserNamedByATrustedProxyIsSignedInWithTheRolesOfTheirGroups() throws Exception {
        trust("127.0.0.1/32", "::1");
        Map<String, String> alice = WhoAmIServlet.parse(http().getWithHeaders(GUARDED, "X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "staff,admins").body());
        assertEquals("proxy", alice.get("manager"));
        assertEquals("alice", alice.get("user"));
        assertEquals("true", alice.get("admin"));
        assertEquals("alice", alice.get("remoteUser"));
        assertEquals(200, http().getWithHeaders(ADMIN_ONLY, "X-Forwarded-User", "alice", "X-Forwarded-Groups", "admins")
                .status());

        Http.Response withoutGroup = http().getWithHeaders(ADMIN_ONLY, "X-Forwarded-User", "bob",
                "X-Forwarded-Groups", "staff");
        assertEquals(withoutGroup.toString(), 403, withoutGroup.status());
        Http.Response nobody = http().get(GUARDED);
        assertEquals("a request the proxy did not sign in: " + nobody, 401, nobody.status());
    }

    @Test
    public void theSameHeadersFromAnAddressThatIsNotTrustedAreIgnoredAndLogged() throws Exception {
        trust("192.0.2.0/24");
        Http.Response forged = http().getWithHeaders(GUARDED, "X-Forwarded-User", ADMIN, "X-Forwarded-Groups",
                "admins");
        assertEquals(forged.toString(), 401, forged.status());
        String line = log.await("Ignored header X-Forwarded-User from 127.0.0.1");
        assertTrue(line, line.startsWith("WARNING") || line.startsWith("WARN"));
    }

    @Test
    public void forgedAndAmbiguousIdentityHeadersSignNobodyIn() throws Exception {
        trust("127.0.0.1/32");
        RawHttp raw = new RawHttp(httpPort());
        RawHttp.Response twice = raw.send("GET " + GUARDED + " HTTP/1.1", "X-Forwarded-User: alice",
                "X-Forwarded-User: " + ADMIN);
        assertEquals(twice.toString(), 401, twice.status());
        RawHttp.Response underscored = raw.send("GET " + GUARDED + " HTTP/1.1", "X_Forwarded_User: " + ADMIN);
        assertEquals("a look-alike header is not the user header: " + underscored, 401, underscored.status());
        RawHttp.Response empty = raw.send("GET " + GUARDED + " HTTP/1.1", "X-Forwarded-User: ");
        assertEquals(empty.toString(), 401, empty.status());
        RawHttp.Response lowercase = raw.send("GET " + GUARDED + " HTTP/1.1", "x-forwarded-user: carol");
        assertEquals("header names are case-insensitive: " + lowercase, 200, lowercase.status());
    }

    @Test
    public void withASharedSecretARequestWithoutItIsRefused() throws Exception {
        configure(PID, "trustedProxies", new String[] {"127.0.0.1/32"}, "secretHeader", "X-Proxy-Secret", ".secret",
                "itest-proxy-secret-1f9");
        awaitActiveManager("proxy");
        assertEquals(200, http().getWithHeaders(GUARDED, "X-Forwarded-User", "alice", "X-Proxy-Secret",
                "itest-proxy-secret-1f9").status());
        Http.Response wrong = http().getWithHeaders(GUARDED, "X-Forwarded-User", "alice", "X-Proxy-Secret", "guess");
        assertEquals(wrong.toString(), 401, wrong.status());
        Http.Response missing = http().getWithHeaders(GUARDED, "X-Forwarded-User", "alice");
        assertEquals(missing.toString(), 401, missing.status());
    }

    @Test
    public void stoppingTheProxyBundleHandsBackToAuthUserAtOnce() throws Exception {
        trust("127.0.0.1/32");
        stop(FpauthBundle.PROXY);
        awaitActiveManager("auth_user");
        Http.Response forged = http().getWithHeaders(GUARDED, "X-Forwarded-User", ADMIN);
        assertEquals(forged.toString(), 401, forged.status());
        assertEquals(200, http().get(GUARDED, ADMIN, ADMIN_PASSWORD).status());

        start(FpauthBundle.PROXY);
        awaitActiveManager("proxy");
        assertEquals(200, http().getWithHeaders(GUARDED, "X-Forwarded-User", "alice").status());
    }

    private void trust(String... ranges) throws Exception {
        configure(PID, "trustedProxies", ranges, "roleMapping", new String[] {"admins=" + Roles.ADMIN});
        awaitActiveManager("proxy");
    }
}
