package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

/**
 * The Felix web console of the runtime, at {@code /system/console}: only the fp_admin users of
 * the active fpauth manager get in, it fails closed without a manager or without the fpauth
 * security provider, and its own built-in login (admin/admin) is gone.
 */
public class WebConsoleIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SWAP = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final String ADMIN_PASSWORD = "Console-it-0nly!";
    private static final String CONSOLE = "/system/console/bundles";
    private static final String CONFIG_MANAGER = "/system/console/configMgr";
    private static final String FPAUTH_CHALLENGE = "Basic realm=\"fpauth\"";
    /** The challenge of the console's own login, which answers when no other provider is there. */
    private static final String CONSOLE_CHALLENGE = "Basic realm=\"OSGi Management Console\"";

    /** A warning or error of the provider, or a stack trace through it. */
    private static final Pattern PROVIDER_TROUBLE = Pattern.compile(
            "(?m)^\\S+ \\S+ (WARN|ERROR) +\\[[^]]*\\] i\\.g\\.f\\.w\\.|^\\s+at io\\.github\\.fpauth\\.webconsole\\.");

    private RuntimeProcess runtime;

    @After
    public void killLeftover() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    public void onlyFpauthAdminsGetInAndWithoutAManagerNobodyDoes() throws Exception {
        runtime = RuntimeProcess.fresh("console").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, START);
        awaitConsole();

        RuntimeProcess.Response anonymous = runtime.get(CONSOLE);
        assertEquals(anonymous.body(), 401, anonymous.status());
        assertTrue(anonymous.challenge(), anonymous.challenge().startsWith(FPAUTH_CHALLENGE));
        assertEquals("the console's default login is gone", 401, runtime.get(CONSOLE, "admin", "admin").status());

        runtime.gogo("fpauth:useradd bob Bob-pass-1234 user");
        runtime.await("bob to exist", SWAP, () -> runtime.get("/", "bob", "Bob-pass-1234").status() == 200);
        RuntimeProcess.Response bob = runtime.get(CONSOLE, "bob", "Bob-pass-1234");
        assertEquals("not fp_admin: " + bob.body(), 403, bob.status());

        RuntimeProcess.Response admin = runtime.get(CONSOLE, "admin", ADMIN_PASSWORD);
        assertEquals(admin.body(), 200, admin.status());
        assertTrue(admin.body(), admin.body().contains("io.github.fpauth.webconsole"));

        // Every fpauth configuration is there, described by its Metatype (the names come from it).
        RuntimeProcess.Response config = runtime.get(CONFIG_MANAGER, "admin", ADMIN_PASSWORD);
        assertEquals(200, config.status());
        String pids = config.body().replaceAll("\\s", "");
        for (String described : new String[] {"\"id\":\"io.github.fpauth.core\",\"name\":\"fpauthcore\"",
                "\"id\":\"io.github.fpauth.core.firewall\",\"name\":\"fpauthrequestfirewall\"",
                "\"id\":\"io.github.fpauth.user\",\"name\":\"fpauthauth-user\"",
                "\"id\":\"io.github.fpauth.core.protect\""}) {
            assertTrue(described + " in\n" + config.body(), pids.contains(described));
        }

        // No manager: the application's routes are open (strict is off), the console is not.
        runtime.gogo("stop io.github.fpauth.user");
        runtime.awaitReady(false, SWAP);
        assertEquals(200, runtime.get("/").status());
        assertEquals(503, runtime.get(CONSOLE).status());
        assertEquals(503, runtime.get(CONSOLE, "admin", ADMIN_PASSWORD).status());
        assertEquals(503, runtime.get(CONSOLE, "admin", "admin").status());

        runtime.gogo("start " + runtime.bundleId("io.github.fpauth.user", SWAP));
        runtime.awaitReady(true, SWAP);
        // The core and the provider each learn of the manager from its service event: until the
        // provider has, the console still answers 503 (closed), never open.
        runtime.await("the console to let the admin in again", SWAP,
                () -> runtime.get(CONSOLE, "admin", ADMIN_PASSWORD).status() == 200);
        assertEquals(401, runtime.get(CONSOLE).status());
        assertEquals(403, runtime.get(CONSOLE, "bob", "Bob-pass-1234").status());

        assertEquals(143, runtime.terminate(EXIT));
        assertFalse(runtime.output(), PROVIDER_TROUBLE.matcher(runtime.output()).find());
    }

    @Test
    public void withoutTheFpauthProviderTheConsoleIsNotServed() throws Exception {
        runtime = RuntimeProcess.fresh("console-no-provider").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, START);
        awaitConsole();

        // felix.webconsole.security.providers=fpauth: no provider, no console at all.
        runtime.gogo("stop io.github.fpauth.webconsole");
        runtime.await("the console to go away", SWAP, () -> runtime.get(CONSOLE).status() == 404);
        assertEquals(404, runtime.get(CONSOLE, "admin", "admin").status());
        assertEquals(404, runtime.get(CONSOLE, "admin", ADMIN_PASSWORD).status());
        assertEquals(404, runtime.get(CONFIG_MANAGER, "admin", ADMIN_PASSWORD).status());

        runtime.gogo("start " + runtime.bundleId("io.github.fpauth.webconsole", SWAP));
        awaitConsole();
        assertEquals(401, runtime.get(CONSOLE).status());

        assertEquals(143, runtime.terminate(EXIT));
    }

    @Test
    public void theConsolesOwnLoginAcceptsNoPassword() throws Exception {
        // Lift the provider requirement to reach the console's own login, which the runtime
        // configures with a password nothing matches: admin/admin must not work.
        runtime = RuntimeProcess.fresh("console-own-login").start(ADMIN_PASSWORD, "-Dfpauth.console=true",
                "-Dfelix.webconsole.security.providers=");
        runtime.awaitReady(true, START);
        awaitConsole();

        runtime.gogo("stop io.github.fpauth.webconsole");
        runtime.await("the console's own login", SWAP, () -> {
            String challenge = runtime.get(CONSOLE).challenge();
            return challenge != null && challenge.startsWith(CONSOLE_CHALLENGE);
        });
        assertEquals(401, runtime.get(CONSOLE, "admin", "admin").status());
        assertEquals(401, runtime.get(CONSOLE, "admin", ADMIN_PASSWORD).status());
        assertEquals(401, runtime.get(CONFIG_MANAGER, "admin", "admin").status());
        assertEquals(401, runtime.get(CONSOLE, "admin", "").status());

        runtime.gogo("start " + runtime.bundleId("io.github.fpauth.webconsole", SWAP));
        awaitConsole();

        assertEquals(143, runtime.terminate(EXIT));
    }

    /** The console registers, then registers again once it has its configuration: wait for both. */
    private void awaitConsole() throws InterruptedException {
        runtime.await("the web console to let the admin in", START,
                () -> runtime.get(CONSOLE, "admin", ADMIN_PASSWORD).status() == 200);
    }
}
