package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.MarkerServlet;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.RawHttp;

/**
 * fpauth's Jetty 12 connector guard, in Felix HTTP's connector: it refuses what Jetty itself
 * would fail on before the first servlet filter, it keeps Felix HTTP's forwarded-header
 * customizer out of that slot, and without it the core serves nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectorGuardIT extends FpauthTestSupport {

    /** Cookie headers that Jetty 12 parses into a cookie without a value. */
    private static final String[] VALUELESS_COOKIES = {"Cookie: JSESSIONID ;", "Cookie: JSESSIONID ; x=1",
        "Cookie: a=1; jsessionid\t;", "Cookie: FPAUTH_SESSION ,b=2", "Cookie: x=1; y ;"};

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Test
    public void aCookieWithoutAValueIsA400NotJettys500OnEveryKindOfRoute() throws Exception {
        awaitActiveManager("auth_user");
        registerServlet("itest-guard-secret", "/cg/*", new MarkerServlet(), RouteRequirements.REQUIRE_AUTHENTICATION,
                Boolean.TRUE);
        awaitStatus("/cg/secret", 401);
        RawHttp raw = new RawHttp(httpPort());
        for (String path : new String[] {"/api/me", "/cg/secret", "/login", "/admin"}) {
            for (String cookie : VALUELESS_COOKIES) {
                RawHttp.Response response = raw.send("GET " + path + " HTTP/1.1", cookie);
                assertEquals(path + " with " + cookie + ": " + response, 400, response.status());
                assertFalse(response.toString(), response.contains("Exception"));
                assertFalse(response.toString(), response.contains(MarkerServlet.MARKER));
            }
        }
        // the same routes with well-formed cookies
        assertEquals(200, raw.send("GET /api/me HTTP/1.1", "Cookie: JSESSIONID=abc; x=1").status());
        assertEquals(401, raw.send("GET /cg/secret HTTP/1.1", "Cookie: FPAUTH_SESSION=abc").status());
    }

    @Test
    public void theContainersOwnSessionsStillWork() throws Exception {
        registerServlet("itest-guard-counter", "/cg-count", new SessionCounter());
        RawHttp raw = new RawHttp(httpPort());
        RawHttp.Response first = Poll.until("the counter servlet", () -> get(raw, "GET /cg-count HTTP/1.1"),
                r -> r.status() == 200);
        assertTrue(first.toString(), first.body().trim().equals("count=1"));
        String setCookie = first.header("Set-Cookie");
        String sessionId = setCookie.substring(0, setCookie.indexOf(';'));
        RawHttp.Response second = raw.send("GET /cg-count HTTP/1.1", "Cookie: " + sessionId);
        assertTrue(second.toString(), second.body().trim().equals("count=2"));
    }

    @Test
    public void forwardedHeadersFromAClientAreNotTrusted() throws Exception {
        registerServlet("itest-guard-address", "/cg-address", new RemoteAddress());
        RawHttp raw = new RawHttp(httpPort());
        Poll.until("the address servlet", () -> get(raw, "GET /cg-address HTTP/1.1"), r -> r.status() == 200);
        RawHttp.Response response = raw.send("GET /cg-address HTTP/1.1", "X-Forwarded-For: 10.1.2.3",
                "Forwarded: for=10.1.2.4;proto=https", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");
        assertEquals(response.toString(), 200, response.status());
        assertTrue(response.toString(), response.body().trim().equals("127.0.0.1 http localhost"));
    }

    @Test
    public void withoutTheGuardNothingIsServedNotEvenAPublicRoute() throws Exception {
        RawHttp raw = new RawHttp(httpPort());
        assertEquals(200, raw.send("GET /api/me HTTP/1.1").status());
        stop(FpauthBundle.JETTY12);
        RawHttp.Response refused = Poll.until("503 without the guard", () -> get(raw, "GET /api/me HTTP/1.1"),
                r -> r.status() == 503);
        assertFalse(refused.toString(), refused.contains("Exception"));
        // Felix HTTP's own customizer now holds the slot: a forged client address must not get in either
        assertEquals(503, raw.send("GET /api/me HTTP/1.1", "X-Forwarded-For: 10.1.2.3").status());
        assertEquals(503, raw.send("GET /ready HTTP/1.1").status());
        start(FpauthBundle.JETTY12);
        Poll.until("200 with the guard back", () -> get(raw, "GET /api/me HTTP/1.1"), r -> r.status() == 200);
        assertEquals(400, raw.send("GET /api/me HTTP/1.1", VALUELESS_COOKIES[0]).status());
    }

    /** One raw GET, for polling (an I/O failure ends the poll). */
    private static RawHttp.Response get(RawHttp raw, String requestLine) {
        try {
            return raw.send(requestLine);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Counts the requests of one container session. */
    private static final class SessionCounter extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(true);
            Integer count = (Integer) session.getAttribute("count");
            count = count == null ? 1 : count + 1;
            session.setAttribute("count", count);
            response.setContentType("text/plain");
            response.getWriter().write("count=" + count);
        }
    }

    /** The client address, scheme and host the container sees. */
    private static final class RemoteAddress extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write(request.getRemoteAddr() + " " + request.getScheme() + " " + request.getServerName());
        }
    }
}
