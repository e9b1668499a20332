package io.github.fpauth.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.context.ServletContextHelper;

import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.route.RouteRequirements;

/**
 * The fpauth and fpauth-user features in a real Karaf 4.4 on Pax Web 8's whiteboard: routes over
 * HTTP, hot-swaps by bundle and by feature, the shell commands, configuration from etc/.
 *
 * <p>One Karaf for the whole class; every test leaves it as it found it: fpauth-user
 * installed and active, no core configuration file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeaturesIT extends KarafTestSupport {

    private static final String USER_BSN = "io.github.fpauth.user";
    private static final String CORE_CFG = "io.github.fpauth.core.cfg";
    private static final String USER_CFG = "io.github.fpauth.user.cfg";
    private static final String PROTECT_CFG = "io.github.fpauth.core.protect-itest.cfg";

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(karafWith("fpauth", "fpauth-user")));
        // As the README advises: the user store outside the bundle's data area survives
        // feature:uninstall (Karaf expands ${karaf.data} in etc/system.properties).
        options.add(editConfigurationFilePut("etc/system.properties", "fpauth.user.store.dir",
                "${karaf.data}/fpauth-users"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void authUserIsActive() throws Exception {
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
    }

    @After
    public void restore() throws Exception {
        deleteEtcFile(CORE_CFG);
        deleteEtcFile(USER_CFG);
        deleteEtcFile(PROTECT_CFG);
        Bundle user = bundle(USER_BSN);
        if (user == null) {
            shell("feature:install fpauth-user");
        } else if (user.getState() != Bundle.ACTIVE) {
            user.start();
        }
    }

    @Test
    public void routesAnswerOverPaxWebWhiteboard() throws Exception {
        Http http = http();
        Http.Response ready = http.get("/ready");
        assertEquals(ready.toString(), 200, ready.status);
        assertTrue(ready.body, ready.body.contains("\"authEnabled\":true"));

        Http.Response anonymous = http.get("/api/me");
        assertEquals(200, anonymous.status);
        assertTrue(anonymous.body, anonymous.body.contains("\"authenticated\":false"));
        assertTrue(anonymous.body, anonymous.body.contains("\"name\":\"anonymous\""));

        assertEquals(401, http.get("/").status);
        assertEquals(401, http.get("/", "admin", "wrong-password").status);

        Http.Response home = http.get("/", "admin", adminPassword());
        assertEquals(home.toString(), 200, home.status);

        Http.Response me = http.get("/api/me", "admin", adminPassword());
        assertTrue(me.body, me.body.contains("\"authenticated\":true"));
        assertTrue(me.body, me.body.contains("\"name\":\"admin\""));
        assertTrue(me.body, me.body.contains("\"admin\":true"));
        assertTrue(me.body, me.body.contains("\"fp_admin\""));
    }

    @Test
    public void bundleStopAndStartSwapsAuthenticationOffAndOn() throws Exception {
        shell("bundle:stop " + USER_BSN);
        assertEquals(Bundle.RESOLVED, bundle(USER_BSN).getState());
        // no manager, not strict: every route is open and anonymous
        awaitGet("/", status(200));
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":null"));
        Http.Response me = http().get("/api/me");
        assertTrue(me.body, me.body.contains("\"authenticated\":false"));

        shell("bundle:start " + USER_BSN);
        awaitGet("/", status(401));
        assertEquals(200, http().get("/", "admin", adminPassword()).status);
    }

    @Test
    public void featureUninstallAndInstallSwapsAuthenticationOffAndOn() throws Exception {
        shell("fpauth:useradd carol Carol-long-password1 viewer");
        assertEquals(200, http().get("/", "carol", "Carol-long-password1").status);

        shell("feature:uninstall fpauth-user");
        awaitGet("/", status(200));
        assertEquals("the auth-user bundle is gone", null, bundle(USER_BSN));
        assertNotNull("the core stays", bundle("io.github.fpauth.core"));

        shell("feature:install fpauth-user");
        awaitGet("/", status(401));
        assertEquals(200, http().get("/", "admin", adminPassword()).status);
        assertEquals("the store outside the bundle's data area kept its users", 200,
                http().get("/", "carol", "Carol-long-password1").status);
        shell("fpauth:userdel carol");
    }

    @Test
    public void fpauthShellCommandsWorkInTheKarafConsole() throws Exception {
        String status = shell("fpauth:status");
        assertTrue(status, status.contains("Authentication: enabled"));
        assertTrue(status, status.contains("auth_user"));

        String users = shell("fpauth:users");
        assertTrue(users, users.contains("admin"));
        assertTrue(users, users.contains("fp_admin"));
    }

    @Test
    public void coreConfigurationFromEtcAppliesAtRuntime() throws Exception {
        writeEtcFile(CORE_CFG, "strict = true\n");
        awaitStatusLine("Strict mode: on");
        shell("bundle:stop " + USER_BSN);
        // strict: no manager means fail closed, 503 on routes with requirements
        awaitGet("/", status(503));
        assertEquals("public routes stay public", 200, http().get("/ready").status);

        deleteEtcFile(CORE_CFG);
        awaitStatusLine("Strict mode: off");
        awaitGet("/", status(200));
    }

    @Test
    public void userConfigurationFromEtcAppliesAtRuntime() throws Exception {
        assertTrue(http().get("/").challenge.contains("realm=\"fpauth\""));
        writeEtcFile(USER_CFG, "realm = karaf-itest\n");
        awaitGet("/", response -> response.status == 401 && response.challenge.contains("realm=\"karaf-itest\""));
        assertEquals("the store and its users stay", 200, http().get("/", "admin", adminPassword()).status);

        deleteEtcFile(USER_CFG);
        awaitGet("/", response -> response.status == 401 && response.challenge.contains("realm=\"fpauth\""));
    }

    @Test
    public void aProtectedPathFromEtcKeepsGuardingWhileItsConfigurationChanges() throws Exception {
        shell("fpauth:useradd dave Dave-long-password1 viewer");
        assertEquals("public before", 200, http().get("/api/me").status);

        writeEtcFile(PROTECT_CFG, "prefix = /api/me\n");
        awaitGet("/api/me", status(401));
        assertEquals(200, http().get("/api/me", "dave", "Dave-long-password1").status);

        // The changed guard registers before the old one goes, under Pax Web's unique filter names too.
        writeEtcFile(PROTECT_CFG, "prefix = /api/me\nrequireRole = fp_admin\n");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (http().get("/api/me", "dave", "Dave-long-password1").status != 403 && System.nanoTime() < deadline) {
            assertEquals("never open while the configuration changes", 401, http().get("/api/me").status);
            Thread.sleep(50);
        }
        assertEquals(403, http().get("/api/me", "dave", "Dave-long-password1").status);
        assertEquals(401, http().get("/api/me").status);
        assertEquals(200, http().get("/api/me", "admin", adminPassword()).status);

        deleteEtcFile(PROTECT_CFG);
        awaitGet("/api/me", status(200));
        shell("fpauth:userdel dave");
    }

    @Test
    public void inAContextOfItsOwnPublicRoutesSeeTheCurrentUserAndProtectedOnesAreGuarded() throws Exception {
        List<ServiceRegistration<?>> registrations = new ArrayList<>();
        try {
            Dictionary<String, Object> context = new Hashtable<>();
            context.put("osgi.http.whiteboard.context.name", "itest-own");
            context.put("osgi.http.whiteboard.context.path", "/own");
            registrations.add(bundleContext.registerService(ServletContextHelper.class,
                    new ServletContextHelper(bundleContext.getBundle()) { }, context));
            registrations.add(bundleContext.registerService(Servlet.class, new WhoServlet(),
                    servlet("itest-own-public", "/public", null)));
            registrations.add(bundleContext.registerService(Servlet.class, new WhoServlet(),
                    servlet("itest-own-secret", "/secret", "true")));

            awaitGet("/own/public", statusAndBody(200, "anonymous"));
            Http.Response who = http().get("/own/public", "admin", adminPassword());
            assertEquals(who.toString(), 200, who.status);
            assertEquals("a public route of another context sees the current user", "admin", who.body.trim());

            assertEquals(401, http().get("/own/secret").status);
            Http.Response secret = http().get("/own/secret", "admin", adminPassword());
            assertEquals(secret.toString(), 200, secret.status);
            assertEquals("admin", secret.body.trim());
        } finally {
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private static Dictionary<String, Object> servlet(String name, String pattern, String requiresAuthentication) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.name", name);
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        properties.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=itest-own)");
        if (requiresAuthentication != null) {
            properties.put(RouteRequirements.REQUIRE_AUTHENTICATION, requiresAuthentication);
        }
        return properties;
    }

    /** Answers the name of the request's current user. */
    private static final class WhoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().println(CurrentUser.get(request).getName());
        }
    }

    private void awaitStatusLine(String line) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String status = shell("fpauth:status");
        while (!status.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = shell("fpauth:status");
        }
        assertTrue(status, status.contains(line));
    }
}
