package io.github.fpauth.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The fpauth-jaas feature in a real Karaf: users of etc/users.properties log in with HTTP Basic
 * through the karaf JAAS realm, the realm's admin role becomes fp_admin, and the core's
 * {@code manager} setting swaps between karaf_jaas and auth_user at runtime.
 *
 * <p>One Karaf for the whole class; every test leaves karaf_jaas configured and active.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafJaasIT extends KarafTestSupport {

    private static final String CORE_CFG = "io.github.fpauth.core.cfg";
    private static final String JAAS_CFG = "io.github.fpauth.jaas.cfg";
    private static final String JAAS_BSN = "io.github.fpauth.jaas";

    // users of Karaf's own realm (etc/users.properties: name = password,role,...)
    private static final String OPERATOR = "operator";
    private static final String OPERATOR_PASSWORD = "Operator-pw1";
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "Alice-pw1";

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(karafWith("fpauth", "fpauth-user", "fpauth-jaas")));
        options.add(editConfigurationFilePut("etc/users.properties", OPERATOR, OPERATOR_PASSWORD + ",admin,viewer"));
        options.add(editConfigurationFilePut("etc/users.properties", ALICE, ALICE_PASSWORD + ",viewer,reports"));
        // Both managers are installed: the configuration picks one.
        options.add(editConfigurationFilePut("etc/" + CORE_CFG, "manager", "karaf_jaas"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void karafJaasIsActive() throws Exception {
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"karaf_jaas\""));
    }

    @After
    public void restore() throws Exception {
        deleteEtcFile(JAAS_CFG);
        writeEtcFile(CORE_CFG, "manager = karaf_jaas\n");
        Bundle jaas = bundle(JAAS_BSN);
        if (jaas.getState() != Bundle.ACTIVE) {
            jaas.start();
        }
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"karaf_jaas\""));
        // the default admin role again: alice is no admin
        awaitGet("/api/me", ALICE, ALICE_PASSWORD, statusAndBody(200, "\"admin\":false"));
    }

    @Test
    public void usersOfTheKarafRealmLogInWithMappedRoles() throws Exception {
        Http http = http();
        assertEquals(401, http.get("/").status);
        assertEquals(401, http.get("/", OPERATOR, "wrong").status);
        assertEquals(401, http.get("/", "nobody", OPERATOR_PASSWORD).status);

        Http.Response operator = http.get("/api/me", OPERATOR, OPERATOR_PASSWORD);
        assertTrue(operator.body, operator.body.contains("\"name\":\"operator\""));
        assertTrue(operator.body, operator.body.contains("\"admin\":true"));
        assertTrue(operator.body, operator.body.contains("\"roles\":[\"fp_admin\",\"viewer\"]"));
        assertEquals(200, http.get("/admin", OPERATOR, OPERATOR_PASSWORD).status);

        Http.Response alice = http.get("/api/me", ALICE, ALICE_PASSWORD);
        assertTrue(alice.body, alice.body.contains("\"admin\":false"));
        assertTrue(alice.body, alice.body.contains("\"roles\":[\"reports\",\"viewer\"]"));
        assertEquals(200, http.get("/", ALICE, ALICE_PASSWORD).status);
        assertEquals("authenticated without fp_admin", 403, http.get("/admin", ALICE, ALICE_PASSWORD).status);
    }

    @Test
    public void coreManagerSettingSwapsBetweenKarafJaasAndAuthUser() throws Exception {
        writeEtcFile(CORE_CFG, "manager = auth_user\n");
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
        Http http = http();
        assertEquals(200, http.get("/", "admin", adminPassword()).status);
        assertEquals("realm users mean nothing to auth_user", 401, http.get("/", OPERATOR, OPERATOR_PASSWORD).status);
        String status = shell("fpauth:status");
        assertTrue(status, status.contains("Configured manager: auth_user"));
        assertTrue(status, status.contains("karaf_jaas"));

        writeEtcFile(CORE_CFG, "manager = karaf_jaas\n");
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"karaf_jaas\""));
        assertEquals(200, http.get("/", OPERATOR, OPERATOR_PASSWORD).status);
        assertEquals(401, http.get("/", "admin", adminPassword()).status);
    }

    @Test
    public void stoppingTheConfiguredJaasBundleFailsClosedAndStartingItRestores() throws Exception {
        shell("bundle:stop " + JAAS_BSN);
        // The configured manager is gone: auth_user, still there, must not take over.
        awaitGet("/", status(503));
        assertEquals(503, http().get("/", "admin", adminPassword()).status);
        Http.Response ready = http().get("/ready");
        assertFalse(ready.body, ready.body.contains("auth_user"));

        shell("bundle:start " + JAAS_BSN);
        awaitGet("/", OPERATOR, OPERATOR_PASSWORD, status(200));
        assertEquals(401, http().get("/").status);
    }

    @Test
    public void jaasConfigurationFromEtcAppliesAtRuntime() throws Exception {
        // Map the realm's "reports" role to fp_admin instead of "admin".
        writeEtcFile(JAAS_CFG, "adminRole = reports\n");
        Http.Response alice = awaitGet("/api/me", ALICE, ALICE_PASSWORD, statusAndBody(200, "\"admin\":true"));
        assertTrue(alice.body, alice.body.contains("\"roles\":[\"fp_admin\",\"viewer\"]"));
        Http.Response operator = http().get("/api/me", OPERATOR, OPERATOR_PASSWORD);
        assertTrue("admin is now just a role", operator.body.contains("\"roles\":[\"admin\",\"viewer\"]"));
    }
}
