package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

/**
 * The exported runtime, started as users start it ({@code java -jar fpauth.jar} in the runtime
 * folder), observed over real HTTP and its console output.
 */
public class RuntimeIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SWAP = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final String ADMIN_PASSWORD = "Runtime-it-0nly!";
    /** The JVM's exit code after SIGTERM once its shutdown hooks have run (128 + 15). */
    private static final int SIGTERM_EXIT = 143;

    /** A stack trace line ("\tat a.b.C.m(C.java:1)") or an uncaught exception banner. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.]+\\(.*\\)$|Exception in thread|^Caused by: ");
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\S+ \\S+ ERROR ");

    private RuntimeProcess runtime;

    @After
    public void killLeftover() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    public void keepsServingAfterStdinEndsAndStopsCleanlyOnSigterm() throws Exception {
        runtime = RuntimeProcess.fresh("background").start(ADMIN_PASSWORD);
        runtime.closeStdin();

        long started = System.nanoTime();
        runtime.await("GET /ready 200", START, () -> runtime.get("/ready").status() == 200);
        System.out.printf("runtime: first 200 on /ready %d ms after start%n", (System.nanoTime() - started) / 1_000_000);
        RuntimeProcess.Response ready = runtime.get("/ready");
        assertTrue(ready.body(), ready.jsonHas("status", "\"UP\""));

        // No terminal: no shell reads the (ended) input, so nothing can stop the framework at EOF.
        runtime.await("the runtime to decide on the Gogo shell", START,
                () -> runtime.output().contains("No terminal: the Gogo shell is not started"));
        assertFalse(runtime.output(), runtime.output().contains("Welcome to Apache Felix Gogo"));
        // Still up and serving over a few seconds after stdin ended (observed, not slept through).
        long window = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < window) {
            assertTrue("the runtime exited after stdin EOF\n" + runtime.output(), runtime.isAlive());
            assertEquals(runtime.output(), 200, runtime.get("/ready").status());
        }

        int exit = runtime.terminate(EXIT);

        String output = runtime.output();
        assertEquals(output, SIGTERM_EXIT, exit);
        assertTrue(output, output.contains("JVM shutdown requested: stopping the OSGi framework"));
        // Bundles were stopped in order, not killed: Jetty's own stop line is there.
        assertTrue(output, output.contains("Stopped Jetty"));
        assertFalse(output, STACK_TRACE.matcher(output).find());
        assertFalse(output, ERROR_LINE.matcher(output).find());
    }

    @Test
    public void nothingIsServedOpenWhileTheDeployedAuthBundleIsStillStarting() throws Exception {
        runtime = RuntimeProcess.fresh("startup").start(ADMIN_PASSWORD);
        runtime.closeStdin();
        // Poll the protected home page from the very first moment: until auth-user is active it
        // must answer 503 (starting), never 200.
        long deadline = System.nanoTime() + START.toNanos();
        int status;
        do {
            status = runtime.get("/").status();
            assertTrue("the home page was served open during start-up\n" + runtime.output(), status != 200);
        } while (status != 401 && System.nanoTime() < deadline);
        assertEquals(401, status);
        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
    }

    @Test
    public void deployFolderHotSwapsAuthentication() throws Exception {
        runtime = RuntimeProcess.fresh("deploy").start(ADMIN_PASSWORD);
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        assertTrue(runtime.get("/ready").jsonHas("activeManager", "\"auth_user\""));
        assertEquals(401, runtime.get("/").status());

        Path jar = runtime.deployFolder().resolve("auth-user-bundle.jar");
        Path aside = runtime.folder().resolve("auth-user-bundle.jar");
        Files.move(jar, aside);
        runtime.awaitReady(false, SWAP);
        assertTrue(runtime.get("/ready").jsonHas("activeManager", "null"));
        assertEquals("no manager: every route is open", 200, runtime.get("/").status());

        Files.copy(aside, jar);
        runtime.awaitReady(true, SWAP);
        assertTrue(runtime.get("/ready").jsonHas("activeManager", "\"auth_user\""));
        assertEquals(401, runtime.get("/").status());
        assertEquals(200, runtime.get("/", "admin", ADMIN_PASSWORD).status());
        // The store lives outside the bundle's data area: redeploying keeps the users, the
        // admin is not created a second time.
        String output = runtime.output();
        assertEquals(output, 1, output.split("Created user 'admin'", -1).length - 1);

        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
        assertFalse(runtime.output(), STACK_TRACE.matcher(runtime.output()).find());
    }

    @Test
    public void configurationFilesDroppedIntoDeployApplyAtRunTime() throws Exception {
        runtime = RuntimeProcess.fresh("config").start(ADMIN_PASSWORD);
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        assertEquals(200, runtime.get("/api/me").status());

        // A factory configuration protects a prefix: /api/me is public no more.
        Files.writeString(runtime.deployFolder().resolve("io.github.fpauth.core.protect-api.cfg"), "prefix=/api\n");
        runtime.await("/api to be protected", SWAP, () -> runtime.get("/api/me").status() == 401);
        assertEquals(200, runtime.get("/api/me", "admin", ADMIN_PASSWORD).status());

        // Strict mode: without a manager, protected routes answer 503 instead of opening.
        Files.writeString(runtime.deployFolder().resolve("io.github.fpauth.core.cfg"), "strict=true\n");
        Files.move(runtime.deployFolder().resolve("auth-user-bundle.jar"), runtime.folder().resolve("aside.jar"));
        runtime.awaitReady(false, SWAP);
        runtime.await("/ to answer 503", SWAP, () -> runtime.get("/").status() == 503);
        assertEquals(200, runtime.get("/ready").status());

        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
    }

    @Test
    public void gogoShellStopsAndStartsTheAuthUserBundle() throws Exception {
        // stdin is a pipe here, not a terminal: ask for the shell explicitly.
        runtime = RuntimeProcess.fresh("gogo").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, START);

        runtime.gogo("stop io.github.fpauth.user");
        runtime.awaitReady(false, SWAP);
        assertEquals("every route turns anonymous", 200, runtime.get("/").status());
        assertTrue(runtime.get("/api/me").jsonHas("authenticated", "false"));

        runtime.gogo("start " + runtime.bundleId("io.github.fpauth.user", SWAP));
        runtime.awaitReady(true, SWAP);
        assertEquals(401, runtime.get("/").status());
        assertEquals(200, runtime.get("/", "admin", ADMIN_PASSWORD).status());

        // The shell ends with its input; the runtime does not (Gogo's default would stop it).
        runtime.closeStdin();
        runtime.await("the Gogo shell to end", START, () -> runtime.output().contains("gosh: stopping shell"));
        assertFalse(runtime.output(), runtime.output().contains("stopping shell and framework"));
        assertEquals(200, runtime.get("/ready").status());
        assertTrue(runtime.isAlive());

        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
        assertFalse(runtime.output(), STACK_TRACE.matcher(runtime.output()).find());
    }

    @Test
    public void theConnectorGuardRefusesAValuelessCookieAndWithoutItNothingIsServed() throws Exception {
        runtime = RuntimeProcess.fresh("guard").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, START);
        // Jetty 12's session handler would fail on this cookie with a 500, before any filter runs
        assertEquals("HTTP/1.1 400 Bad Request", runtime.rawStatusLine("/api/me", "Cookie: JSESSIONID ; x=1"));
        assertEquals("HTTP/1.1 200 OK", runtime.rawStatusLine("/api/me", "Cookie: JSESSIONID=abc; x=1"));

        runtime.gogo("stop io.github.fpauth.jetty12");
        runtime.await("503 on a public route without the guard", SWAP, () -> runtime.get("/api/me").status() == 503);
        assertEquals(503, runtime.get("/ready").status());

        runtime.gogo("start " + runtime.bundleId("io.github.fpauth.jetty12", SWAP));
        runtime.awaitReady(true, SWAP);
        assertEquals(200, runtime.get("/api/me").status());
        assertEquals("HTTP/1.1 400 Bad Request", runtime.rawStatusLine("/api/me", "Cookie: JSESSIONID ;"));
        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
    }

    @Test
    public void usersSurviveARestart() throws Exception {
        runtime = RuntimeProcess.fresh("restart").start(ADMIN_PASSWORD);
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        assertEquals(200, runtime.get("/", "admin", ADMIN_PASSWORD).status());
        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));

        // Same folder, another admin password in the environment: the stored admin must win,
        // which shows the user store (in the framework storage) was kept, not created afresh.
        runtime.start("Another-password-2!");
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        assertEquals(200, runtime.get("/", "admin", ADMIN_PASSWORD).status());
        assertEquals(401, runtime.get("/", "admin", "Another-password-2!").status());

        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
        assertFalse(runtime.output(), STACK_TRACE.matcher(runtime.output()).find());
    }

    @Test
    public void aBrowserSessionSurvivesAFrameworkRestart() throws Exception {
        runtime = RuntimeProcess.fresh("session-restart").start(ADMIN_PASSWORD);
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        String cookie = formLogin(runtime.port(), "admin", ADMIN_PASSWORD);
        assertTrue(me(runtime.port(), cookie).contains("\"authenticated\":true"));
        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));

        runtime.start(ADMIN_PASSWORD);
        runtime.closeStdin();
        runtime.awaitReady(true, START);
        String after = me(runtime.port(), cookie);
        assertTrue("the session cookie still authenticates after the restart: " + after,
                after.contains("\"authenticated\":true") && after.contains("\"name\":\"admin\""));
        assertEquals(SIGTERM_EXIT, runtime.terminate(EXIT));
    }

    /** Logs in through the form as a browser does (CSRF cookie and field), returns the session cookie. */
    private static String formLogin(int port, String user, String password) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.net.http.HttpResponse<String> form = client.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/login")).header("Accept", "text/html")
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String csrfCookie = cookie(form, "FPAUTH_CSRF");
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(form.body(), token.find());
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&csrf=" + enc(token.group(1));
        java.net.http.HttpResponse<String> login = client.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Cookie", "FPAUTH_CSRF=" + csrfCookie)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(login.body(), 303, login.statusCode());
        return cookie(login, "FPAUTH_SESSION");
    }

    private static String me(int port, String sessionCookie) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Cookie", "FPAUTH_SESSION=" + sessionCookie).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String cookie(java.net.http.HttpResponse<?> response, String name) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
            }
        }
        throw new AssertionError("no " + name + " cookie in " + response.headers().map());
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
