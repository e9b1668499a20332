package io.github.fpauth.user.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.totp.PendingSignIns;
import io.github.fpauth.user.BusyHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.throttle.Verdict;

public class LoginServletTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Bench bench;
    private LoginServlet servlet;

    @Before
    public void setUp() {
        bench = new Bench(temp.getRoot().toPath());
        servlet = new LoginServlet(bench.directory, bench.sessions, bench.authenticator, bench.csrf, bench.cookies,
                bench.throttle, Fakes.fileStorage(), bench.secondFactors, bench.forgotten,
                new io.github.fpauth.user.external.LoginProviders());
    }

    private FakeHttp.Response post(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.doPost(request.proxy(), response.proxy());
        return response;
    }

    private static String sessionCookie(FakeHttp.Response response) {
        List<String> cookies = response.headers.getOrDefault("Set-Cookie", List.of());
        return cookies.stream().filter(c -> c.startsWith(Cookies.SESSION + "=")).findFirst().orElse(null);
    }

    @Test
    public void theRightPasswordStartsASessionAndGoesToNext() throws Exception {
        FakeHttp.Request request = bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD).param("next", "/reports?x=1");

        FakeHttp.Response response = post(request);

        assertEquals(303, response.status);
        assertEquals("/reports?x=1", response.header("Location"));
        String cookie = sessionCookie(response);
        String secret = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertEquals("alice", bench.sessions.resolve(secret).orElseThrow().user());
        assertFalse("browser-session cookie", cookie.contains("Max-Age"));
        assertEquals(List.of("check alice 192.0.2.7", "success alice 192.0.2.7"), bench.throttle.events);
    }

    @Test
    public void anAccountWithASecondFactorGetsNoSessionButTheCodeStepAndNoSuccessYet() throws Exception {
        bench.directory.changeSecondFactor("alice", none -> "sealed1:x");
        FakeHttp.Request request = bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD).param("next", "/reports?x=1").param("remember", "on");

        FakeHttp.Response response = post(request);

        assertEquals(303, response.status);
        assertEquals("/login/code?next=%2Freports%3Fx%3D1", response.header("Location"));
        assertNull(sessionCookie(response));
        assertTrue(bench.sessions.sessionsOf("alice").isEmpty());
        String pending = response.headers.get("Set-Cookie").stream()
                .filter(c -> c.startsWith(SignInCompletion.PENDING_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(pending, pending.contains("HttpOnly") && pending.contains("Max-Age=300"));
        String token = pending.substring(pending.indexOf('=') + 1, pending.indexOf(';'));
        PendingSignIns.Pending verified = bench.secondFactors.pendingSignIns().verify(token, bench.directory::find)
                .orElseThrow();
        assertEquals(PendingSignIns.Step.CODE, verified.step());
        assertTrue("remember me waits for the code", verified.rememberMe());
        assertEquals("the password must not reset the failures of the codes", List.of("check alice 192.0.2.7"),
                bench.throttle.events);
    }

    @Test
    public void aWrongPasswordOfAnAccountWithASecondFactorIsAPlainFailure() throws Exception {
        bench.directory.changeSecondFactor("alice", none -> "sealed1:x");
        FakeHttp.Response response = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", "nope"));

        assertEquals(200, response.status);
        assertTrue(response.body.toString().contains(LoginServlet.FAILED));
        assertFalse(String.valueOf(response.headers.get("Set-Cookie")), String.valueOf(response.headers.get("Set-Cookie"))
                .contains(SignInCompletion.PENDING_COOKIE));
    }

    @Test
    public void rememberMeGivesTheCookieAMaxAge() throws Exception {
        FakeHttp.Response response = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD).param("remember", "on"));

        assertTrue(sessionCookie(response), sessionCookie(response).contains("Max-Age=2592000"));
        assertEquals("/", response.header("Location"));
    }

    @Test
    public void aLoginEndsTheSessionTheBrowserCameWith() throws Exception {
        NewSession previous = bench.sessions.create("alice", false, "", "");
        FakeHttp.Request request = bench.postWithSession("/login", previous)
                .param("csrf", previous.session().csrfToken()).param("username", "alice")
                .param("password", Bench.PASSWORD);

        FakeHttp.Response response = post(request);

        assertEquals(303, response.status);
        assertFalse(bench.sessions.resolve(previous.secret()).isPresent());
        assertEquals(1, bench.sessions.sessionsOf("alice").size());
    }

    @Test
    public void aWrongPasswordAndAnUnknownUserLookAndCostTheSame() throws Exception {
        int before = bench.hasher.count();
        FakeHttp.Response wrong = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", "nope"));
        int afterWrong = bench.hasher.count();
        FakeHttp.Response unknown = post(bench.anonymousPostWithCsrf("/login").param("username", "mallory")
                .param("password", "nope"));

        assertEquals(200, wrong.status);
        assertEquals(200, unknown.status);
        assertNull(sessionCookie(wrong));
        assertTrue(wrong.body.toString().contains(LoginServlet.FAILED));
        assertTrue(unknown.body.toString().contains(LoginServlet.FAILED));
        assertEquals("one hash each", 1, afterWrong - before);
        assertEquals(1, bench.hasher.count() - afterWrong);
        assertTrue(bench.throttle.events.contains("failure alice 192.0.2.7"));
        assertTrue(bench.throttle.events.contains("failure mallory 192.0.2.7"));
    }

    @Test
    public void withoutTheCsrfTokenNothingIsCheckedAnd403() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().param("username", "alice").param("password", Bench.PASSWORD);
        request.method = "POST";
        int before = bench.hasher.count();

        FakeHttp.Response response = post(request);

        assertEquals(403, response.status);
        assertEquals(before, bench.hasher.count());
        assertNull(sessionCookie(response));
        assertTrue(bench.throttle.events.isEmpty());
        assertTrue(response.body.toString().contains(LoginServlet.FORM_EXPIRED));
    }

    @Test
    public void aThrottledLoginIs429WithoutAnyHash() throws Exception {
        bench.throttle.verdict = Verdict.refused(42);
        int before = bench.hasher.count();

        FakeHttp.Response response = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD));

        assertEquals(429, response.status);
        assertEquals("42", response.header("Retry-After"));
        assertEquals(before, bench.hasher.count());
        assertNull(sessionCookie(response));
    }

    @Test
    public void whileHashingIsBusyTheFormIs503WithRetryAfterAndCountsNothing() throws Exception {
        bench.directory.reconfigure(new BusyHasher(7), PasswordPolicy.defaults());

        FakeHttp.Response response = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD));

        assertEquals(503, response.status);
        assertEquals("7", response.header("Retry-After"));
        assertTrue(response.body.toString(),
                response.body.toString().contains("The server is busy checking passwords. Try again in 7 seconds."));
        assertTrue("the form is shown again", response.body.toString().contains("id=\"login-form\""));
        assertNull(sessionCookie(response));
        assertEquals("neither a failure nor a success", List.of("check alice 192.0.2.7"), bench.throttle.events);
    }

    @Test
    public void aHostileNextGoesHome() throws Exception {
        FakeHttp.Response response = post(bench.anonymousPostWithCsrf("/login").param("username", "alice")
                .param("password", Bench.PASSWORD).param("next", "//evil.example"));

        assertEquals("/", response.header("Location"));
    }

    @Test
    public void aWeakStoredHashIsUpgradedAtLogin() throws Exception {
        bench.directory.reconfigure(new Pbkdf2PasswordHasher(5000), PasswordPolicy.defaults());
        String before = bench.directory.find("alice").passwordHash();

        post(bench.anonymousPostWithCsrf("/login").param("username", "alice").param("password", Bench.PASSWORD));

        String after = bench.directory.find("alice").passwordHash();
        assertFalse(before.equals(after));
        assertTrue(after, after.contains("i=5000"));
    }

    @Test
    public void theFormCarriesTheTokenAndAnEscapedSafeNext() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().param("next", "/a?b=\"><script>");
        FakeHttp.Response response = new FakeHttp.Response();

        servlet.doGet(request.proxy(), response.proxy());

        String body = response.body.toString();
        assertTrue(body, body.contains("name=\"csrf\" value=\""));
        assertFalse(body, body.contains("<script>"));
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("DENY", response.header("X-Frame-Options"));
    }
}
