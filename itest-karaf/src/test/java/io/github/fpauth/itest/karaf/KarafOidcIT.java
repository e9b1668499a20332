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
 * The fpauth-oidc feature in a real Karaf (Pax Web): it resolves with Nimbus and its
 * dependencies, a provider configured in {@code etc/} puts its button on the login page, a
 * provider that cannot be reached gives a page (never a 500), and deleting the configuration takes
 * the button away again. The sign-in itself is tested on the runtime against real providers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafOidcIT extends KarafTestSupport {

    private static final String PROVIDER_CFG = "io.github.fpauth.oidc.provider-corp.cfg";

    @Configuration
    public Option[] config() {
        return karafWith("fpauth", "fpauth-user", "fpauth-oidc");
    }

    @After
    public void removeConfiguration() throws Exception {
        deleteEtcFile(PROVIDER_CFG);
    }

    @Test
    public void aProviderConfiguredInEtcAddsItsButtonAndItsRemovalTakesItAway() throws Exception {
        awaitGet("/login", statusAndBody(200, "id=\"login-form\""));
        assertTrue(!http().get("/login").body.contains("login-providers"));

        // port 9 (discard): nothing answers there
        writeEtcFile(PROVIDER_CFG, "name = corp\nlabel = Corp SSO\nissuer = http://127.0.0.1:9/realms/corp\n"
                + "clientId = fpauth\n.clientSecret = karaf-client-secret\n"
                + "redirectUri = http://127.0.0.1:9/login/oidc/corp/callback\n");
        awaitGet("/login", statusAndBody(200, "id=\"login-with-corp\""));
        Http.Response start = http().get("/login/oidc/corp?next=/admin");
        assertEquals(start.body, 503, start.status);
        assertTrue(start.body, start.body.contains("Corp SSO cannot be reached right now"));
        assertEquals("a callback without a pending sign-in", 400,
                http().get("/login/oidc/corp/callback?code=x&state=y").status);

        deleteEtcFile(PROVIDER_CFG);
        awaitGet("/login/oidc/corp", statusAndBody(404, "no such sign-in provider"));
        assertTrue(!http().get("/login").body.contains("login-with-corp"));
    }
}
