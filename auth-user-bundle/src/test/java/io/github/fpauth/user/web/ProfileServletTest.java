package io.github.fpauth.user.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.BusyHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.throttle.Verdict;

public class ProfileServletTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Bench bench;
    private ProfileServlet servlet;
    private NewSession here;
    private NewSession elsewhere;

    @Before
    public void setUp() {
        bench = new Bench(temp.getRoot().toPath());
        bench.directory.addUser("bob", "bob-password", java.util.List.of());
        servlet = new ProfileServlet(bench.directory, bench.sessions, bench.authenticator, bench.csrf, bench.cookies,
                bench.throttle);
        here = bench.sessions.create("alice", false, "192.0.2.1", "Here");
        elsewhere = bench.sessions.create("alice", false, "192.0.2.2", "Elsewhere");
    }

    private FakeHttp.Request post(String path) {
        FakeHttp.Request request = bench.postWithSession(path, here).param("csrf", here.session().csrfToken());
        request.servletPath = path;
        return request;
    }

    private FakeHttp.Response run(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        if (request.method.equals("GET")) {
            servlet.doGet(request.proxy(), response.proxy());
        } else {
            servlet.doPost(request.proxy(), response.proxy());
        }
        return response;
    }

    @Test
    public void changingThePasswordKeepsThisSessionAndEndsTheOthers() throws Exception {
        FakeHttp.Response response = run(post("/profile/password").param("current", Bench.PASSWORD)
                .param("new", "brand-new-password").param("confirm", "brand-new-password"));

        assertEquals(303, response.status);
        assertEquals("/profile?done=password-changed", response.header("Location"));
        assertTrue(bench.directory.verifyPassword("alice", "brand-new-password").isPresent());
        assertTrue(bench.sessions.resolve(here.secret()).isPresent());
        assertFalse(bench.sessions.resolve(elsewhere.secret()).isPresent());
    }

    @Test
    public void aWrongCurrentPasswordIsRefusedAndCounted() throws Exception {
        FakeHttp.Response response = run(post("/profile/password").param("current", "wrong")
                .param("new", "brand-new-password").param("confirm", "brand-new-password"));

        assertEquals(400, response.status);
        assertTrue(bench.throttle.events.contains("failure alice 192.0.2.7"));
        assertTrue(bench.directory.verifyPassword("alice", Bench.PASSWORD).isPresent());
        assertTrue(bench.sessions.resolve(elsewhere.secret()).isPresent());
    }

    @Test
    public void aMismatchedConfirmationOrAWeakPasswordIs400() throws Exception {
        FakeHttp.Response mismatch = run(post("/profile/password").param("current", Bench.PASSWORD)
                .param("new", "brand-new-password").param("confirm", "other-password"));
        FakeHttp.Response weak = run(post("/profile/password").param("current", Bench.PASSWORD).param("new", "short")
                .param("confirm", "short"));

        assertEquals(400, mismatch.status);
        assertEquals(400, weak.status);
        assertTrue(weak.body.toString(), weak.body.toString().contains("at least 8"));
        assertTrue(bench.directory.verifyPassword("alice", Bench.PASSWORD).isPresent());
    }

    @Test
    public void aThrottledPasswordChangeIs429() throws Exception {
        bench.throttle.verdict = Verdict.refused(9);

        FakeHttp.Response response = run(post("/profile/password").param("current", Bench.PASSWORD)
                .param("new", "brand-new-password").param("confirm", "brand-new-password"));

        assertEquals(429, response.status);
        assertEquals("9", response.header("Retry-After"));
        assertTrue(bench.directory.verifyPassword("alice", Bench.PASSWORD).isPresent());
    }

    @Test
    public void whileHashingIsBusyAPasswordChangeIs503AndChangesNothing() throws Exception {
        bench.directory.reconfigure(new BusyHasher(5), PasswordPolicy.defaults());

        FakeHttp.Response response = run(post("/profile/password").param("current", Bench.PASSWORD)
                .param("new", "brand-new-password").param("confirm", "brand-new-password"));

        assertEquals(503, response.status);
        assertEquals("5", response.header("Retry-After"));
        assertTrue(response.body.toString(), response.body.toString().contains("Try again in 5 seconds."));
        assertTrue(bench.sessions.resolve(elsewhere.secret()).isPresent());
        assertFalse("not a wrong password", bench.throttle.events.contains("failure alice 192.0.2.7"));
        bench.directory.reconfigure(bench.hasher, PasswordPolicy.defaults());
        assertTrue(bench.directory.verifyPassword("alice", Bench.PASSWORD).isPresent());
    }

    @Test
    public void revokingAnotherOwnSessionEndsIt() throws Exception {
        FakeHttp.Response response = run(post("/profile/sessions/revoke").param("id", elsewhere.session().publicId()));

        assertEquals(303, response.status);
        assertEquals("/profile?done=session-revoked", response.header("Location"));
        assertFalse(bench.sessions.resolve(elsewhere.secret()).isPresent());
        assertTrue(bench.sessions.resolve(here.secret()).isPresent());
    }

    @Test
    public void revokingThisSessionLogsOut() throws Exception {
        FakeHttp.Response response = run(post("/profile/sessions/revoke").param("id", here.session().publicId()));

        assertEquals("/login", response.header("Location"));
        assertTrue(response.header("Set-Cookie").contains("Max-Age=0"));
        assertFalse(bench.sessions.resolve(here.secret()).isPresent());
    }

    @Test
    public void anotherUsersSessionCannotBeRevoked() throws Exception {
        NewSession bobs = bench.sessions.create("bob", false, "", "");

        FakeHttp.Response response = run(post("/profile/sessions/revoke").param("id", bobs.session().publicId()));

        assertEquals("/profile?done=session-unknown", response.header("Location"));
        assertTrue(bench.sessions.resolve(bobs.secret()).isPresent());
    }

    @Test
    public void withoutTheCsrfTokenNothingChanges() throws Exception {
        FakeHttp.Request request = bench.postWithSession("/profile/sessions/revoke", here)
                .param("id", elsewhere.session().publicId());
        request.servletPath = "/profile/sessions/revoke";

        FakeHttp.Response response = run(request);

        assertEquals(403, response.status);
        assertTrue(bench.sessions.resolve(elsewhere.secret()).isPresent());
    }

    @Test
    public void getsOnlyShowThePage() throws Exception {
        FakeHttp.Request page = post("/profile");
        page.method = "GET";
        FakeHttp.Request action = post("/profile/sessions/revoke").param("id", elsewhere.session().publicId());
        action.method = "GET";

        FakeHttp.Response shown = run(page);
        FakeHttp.Response refused = run(action);

        assertEquals(200, shown.status);
        String body = shown.body.toString();
        assertTrue(body, body.contains("Elsewhere"));
        assertTrue(body, body.contains("192.0.2.2"));
        assertTrue(body, body.contains("this session"));
        assertTrue(body, body.contains("href=\"/profile/tokens\""));
        assertFalse("no secret in the page", body.contains(here.secret()));
        assertEquals(405, refused.status);
        assertTrue(bench.sessions.resolve(elsewhere.secret()).isPresent());
    }
}
