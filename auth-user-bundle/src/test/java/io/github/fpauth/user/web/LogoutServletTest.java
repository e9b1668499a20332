package io.github.fpauth.user.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;

public class LogoutServletTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Bench bench;
    private LogoutServlet servlet;
    private NewSession session;

    @Before
    public void setUp() {
        bench = new Bench(temp.getRoot().toPath());
        servlet = new LogoutServlet(bench.sessions, bench.authenticator, bench.csrf, bench.cookies,
                new io.github.fpauth.user.external.LoginProviders());
        session = bench.sessions.create("alice", false, "", "");
    }

    @Test
    public void aPostWithTheTokenEndsTheSessionAndClearsTheCookie() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();

        servlet.doPost(bench.postWithSession("/logout", session).param("csrf", session.session().csrfToken()).proxy(),
                response.proxy());

        assertEquals(303, response.status);
        assertEquals("/login", response.header("Location"));
        assertTrue(response.header("Set-Cookie"), response.header("Set-Cookie").startsWith("FPAUTH_SESSION=; Path=/; Max-Age=0"));
        assertFalse(bench.sessions.resolve(session.secret()).isPresent());
    }

    @Test
    public void aPostWithoutTheRightTokenIs403AndChangesNothing() throws Exception {
        FakeHttp.Response missing = new FakeHttp.Response();
        FakeHttp.Response wrong = new FakeHttp.Response();

        servlet.doPost(bench.postWithSession("/logout", session).proxy(), missing.proxy());
        servlet.doPost(bench.postWithSession("/logout", session).param("csrf", "x").proxy(), wrong.proxy());

        assertEquals(403, missing.status);
        assertEquals(403, wrong.status);
        assertTrue(bench.sessions.resolve(session.secret()).isPresent());
    }

    @Test
    public void aGetOnlyAsks() throws Exception {
        FakeHttp.Request request = bench.postWithSession("/logout", session).param("csrf", session.session().csrfToken());
        request.method = "GET";
        FakeHttp.Response response = new FakeHttp.Response();

        servlet.doGet(request.proxy(), response.proxy());

        assertEquals(200, response.status);
        assertTrue(response.body.toString().contains("method=\"post\""));
        assertTrue(bench.sessions.resolve(session.secret()).isPresent());
    }

    @Test
    public void withoutASessionAPostJustDropsTheCookie() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().cookie("FPAUTH_SESSION", "stale");
        request.method = "POST";
        FakeHttp.Response response = new FakeHttp.Response();

        servlet.doPost(request.proxy(), response.proxy());

        assertEquals(303, response.status);
        assertTrue(response.header("Set-Cookie").contains("Max-Age=0"));
    }
}
