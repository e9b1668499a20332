package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;

/**
 * The request firewall against raw request lines sent over a socket, so that no client library
 * normalises them first: every ambiguous form of a protected path is refused with 400 before
 * path matching, and none of them ever returns the protected page without credentials.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RequestFirewallIT extends FpauthTestSupport {

    /** Forms Jetty 12 lets through by default: fpauth's firewall is what refuses them. */
    private static final String[] PASSED_BY_JETTY = {
        "/admin;x=1", "/admin;", "/admin%3b", "/./admin", "/public/../admin", "/a;b/../admin",
    };

    /**
     * Forms Jetty 12 itself refuses by default; checked so that a lenient container would still be
     * covered ({@link RawFirewallLegacyComplianceIT} sends them to a relaxed Jetty).
     */
    private static final String[] REFUSED_BY_JETTY = {
        "/x/..%2fadmin", "/x/%2e%2e/admin", "//admin", "/admin%2f", "/admin%5c", "/admin\\", "/admin%252f", "/%2fadmin",
        "/%2e%2e/admin", "/admin%00", "/admin%", "/admin%zz" };

    private static final String[] AMBIGUOUS = concat(PASSED_BY_JETTY, REFUSED_BY_JETTY);

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authIsOn() {
        awaitActiveManager("auth_user");
    }

    @Test
    public void ambiguousPathsAreRefusedWith400() throws IOException {
        for (String path : AMBIGUOUS) {
            String response = raw("GET " + path + " HTTP/1.1");
            assertEquals(path + "\n" + response, 400, status(response));
        }
    }

    @Test
    public void theFirewallNotJettyRefusesWhatJettyLetsThrough() throws IOException {
        for (String path : PASSED_BY_JETTY) {
            String response = raw("GET " + path + " HTTP/1.1");
            assertTrue(path + "\n" + response, response.contains("\r\n\r\nBad request: "));
        }
    }

    @Test
    public void noAmbiguousFormOfAProtectedPathServesItWithoutCredentials() throws IOException {
        for (String path : AMBIGUOUS) {
            String response = raw("GET " + path + " HTTP/1.1");
            assertFalse(path + "\n" + response, response.contains("Registered managers"));
        }
    }

    @Test
    public void methodsOutsideTheAllowListAreRefused() throws IOException {
        assertEquals(400, status(raw("TRACE /ready HTTP/1.1")));
        assertEquals(400, status(raw("PROPFIND /ready HTTP/1.1")));
        assertEquals(200, status(raw("GET /ready HTTP/1.1")));
    }

    @Test
    public void plainRequestsPassAndProtectionStillApplies() throws IOException {
        assertEquals(200, status(raw("GET /ready HTTP/1.1")));
        assertEquals(401, status(raw("GET /admin HTTP/1.1")));
        assertEquals("a trailing slash does not reach the exact /admin servlet unguarded", true,
                status(raw("GET /admin/ HTTP/1.1")) != 200);
        assertTrue(status(raw("GET /ADMIN HTTP/1.1")) != 200);
    }

    /** Sends one request line (plus Host and Connection: close) and returns the whole response. */
    private String raw(String requestLine) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int status(String response) {
        String[] statusLine = response.split("\r\n", 2)[0].split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }
}
