package io.github.fpauth.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fpauth-proxy feature in a real Karaf (Pax Web): configured from {@code etc/}, the proxy's
 * user (the test client on loopback) gets in with the mapped role; deleting the configuration
 * hands back to auth_user at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafProxyIT extends KarafTestSupport {

    private static final String PROXY_CFG = "io.github.fpauth.proxy.cfg";

    @Configuration
    public Option[] config() {
        return karafWith("fpauth", "fpauth-user", "fpauth-proxy");
    }

    @After
    public void removeConfiguration() throws Exception {
        deleteEtcFile(PROXY_CFG);
    }

    @Test
    public void theProxyConfiguredInEtcSignsInItsUsersAndItsRemovalHandsBackToAuthUser() throws Exception {
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
        assertEquals("no configuration, no proxy manager", 401, http().get("/", "X-Forwarded-User", "admin").status);

        writeEtcFile(PROXY_CFG, "trustedProxies = 127.0.0.1/32, ::1\nroleMapping = admins=fp_admin\n");
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"proxy\""));
        Http.Response me = http().get("/api/me", "X-Forwarded-User", "olivia", "X-Forwarded-Groups", "admins");
        assertTrue(me.body, me.body.contains("\"name\":\"olivia\"") && me.body.contains("\"admin\":true"));
        assertEquals(200, http().get("/admin", "X-Forwarded-User", "olivia", "X-Forwarded-Groups", "admins").status);
        assertEquals(401, http().get("/admin").status);

        deleteEtcFile(PROXY_CFG);
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
        assertEquals(200, http().get("/", "admin", adminPassword()).status);
    }
}
