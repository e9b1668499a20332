package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.MarkerServlet;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.RawHttp;

/**
 * The attacker's request set, sent as raw request lines (no client-side normalisation) against
 * every kind of protected route: a servlet requiring authentication, a servlet requiring a role,
 * a prefix protected by configuration, the core's {@code /admin}, and a servlet in another
 * whiteboard context. Each ambiguous form (path parameters raw and encoded, encoded {@code / \ . %},
 * backslashes, dot segments, paths above the root, empty segments, control and NUL characters raw
 * and encoded, broken percent-encoding, raw non-ASCII) must be refused with 400, escaped invalid
 * UTF-8 with a 4xx; trailing-slash, case, encoded-letter, query and absolute-form variants must not
 * serve the page either; unlisted methods are 400 and listed ones stay guarded. Never a 5xx, never protected content without the right user.
 *
 * <p>Subclasses run the same set against a connector in a given Jetty compliance mode.
 */
public abstract class RawFirewallSuite extends FpauthTestSupport {

    private static final String USER = "rawuser";
    private static final String USER_PASSWORD = "Raw-user-pw-51";
    private static final String ADMIN_MARKER = "Registered managers";

    /** A protected path, what shows its content, and whether a signed-in user without roles is refused. */
    private static final class Target {
        final String path;
        final String marker;
        final boolean roleProtected;

        Target(String path, String marker, boolean roleProtected) {
            this.path = path;
            this.marker = marker;
            this.roleProtected = roleProtected;
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("/secret", MarkerServlet.MARKER, false),
            new Target("/secret/doc", MarkerServlet.MARKER, false),
            new Target("/adminonly/x", MarkerServlet.MARKER, true),
            new Target("/vault/x", MarkerServlet.MARKER, false),
            new Target("/admin", ADMIN_MARKER, true),
            new Target("/app/secret", MarkerServlet.MARKER, false));

    private static final String[] UNLISTED_METHODS = {"TRACE", "TRACK", "PROPFIND", "MKCOL", "FOO", "DEBUG", "get", "Get",
        "CONNECT"};
    private static final String[] LISTED_METHODS = {"HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

    private RawHttp raw;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    /** Prepares the connector under test and returns its port. */
    protected abstract int connectorPort() throws Exception;

    /** Whether the connector under test lets Jetty's ambiguous URIs through (legacy compliance). */
    protected abstract boolean lenient();

    @Before
    public void protectedRoutes() throws Exception {
        awaitActiveManager("auth_user");
        register(Servlet.class, new MarkerServlet(), "osgi.http.whiteboard.servlet.name", "itest-secret",
                "osgi.http.whiteboard.servlet.pattern", new String[] {"/secret", "/secret/*"},
                RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        registerServlet("itest-adminonly", "/adminonly/*", new MarkerServlet(), RouteRequirements.REQUIRE_ROLE,
                Roles.ADMIN);
        registerServlet("itest-vault", "/vault/*", new MarkerServlet());
        configureFactory("io.github.fpauth.core.protect", "prefix", "/vault");
        registerContext("itestapp", "/app");
        registerServlet("itest-app-secret", "/secret", new MarkerServlet(), CONTEXT_SELECT, selectContext("itestapp"),
                RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        raw = new RawHttp(connectorPort());
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        for (Target target : TARGETS) {
            Poll.until(target.path + " served to the admin", () -> send("GET " + target.path + " HTTP/1.1", admin),
                    r -> r.status() == 200 && r.contains(target.marker));
            Poll.until(target.path + " guarded", () -> send("GET " + target.path + " HTTP/1.1"),
                    r -> r.status() == 401);
        }
    }

    @Test
    public void theConnectorIsInTheExpectedComplianceMode() throws IOException {
        // Jetty 12's default (RFC 3986, no violation allowed) refuses an encoded path separator
        // itself; relaxed to legacy it hands it on, and the firewall answers.
        RawHttp.Response response = raw.send("GET /x/..%2fsecret HTTP/1.1");
        assertEquals(response.toString(), 400, response.status());
        assertEquals(response.toString(), lenient(), response.contains("Bad request: "));
    }

    @Test
    public void theRightUserGetsTheProtectedContent() throws Exception {
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        for (Target target : TARGETS) {
            RawHttp.Response response = raw.send("GET " + target.path + " HTTP/1.1", admin);
            assertEquals(target.path + ": " + response, 200, response.status());
            assertTrue(target.path + ": " + response, response.contains(target.marker));
        }
    }

    @Test
    public void everyAmbiguousFormIsRefusedWith400WithoutContent() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Target target : TARGETS) {
            for (String form : ambiguousForms(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.BAD_REQUEST);
            }
            for (String form : oddEncodings(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.CLIENT_ERROR);
            }
        }
        assertNoFailures(failures);
    }

    @Test
    public void trailingSlashCaseEncodedLetterQueryAndAbsoluteFormVariantsServeNothing() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Target target : TARGETS) {
            for (String form : variants(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.NOT_SERVED);
            }
        }
        assertNoFailures(failures);
    }

    @Test
    public void unlistedMethodsAre400AndListedOnesStayGuarded() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Target target : TARGETS) {
            for (String method : UNLISTED_METHODS) {
                check(failures, target, method + " " + target.path + " HTTP/1.1", Expect.BAD_REQUEST);
            }
            for (String method : LISTED_METHODS) {
                check(failures, target, method + " " + target.path + " HTTP/1.1", Expect.NOT_SERVED);
            }
        }
        assertNoFailures(failures);
    }

    @Test
    public void aUserWithoutTheRoleGetsNoFormOfARoleProtectedPage() throws Exception {
        addUser(USER, USER_PASSWORD, "user");
        String user = basic(USER, USER_PASSWORD);
        Poll.until("the user signs in", () -> send("GET /secret HTTP/1.1", user), r -> r.status() == 200);
        List<String> failures = new ArrayList<>();
        for (Target target : TARGETS) {
            if (!target.roleProtected) {
                continue;
            }
            check(failures, target, "GET " + target.path + " HTTP/1.1", Expect.NOT_SERVED, user);
            for (String form : ambiguousForms(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.BAD_REQUEST, user);
            }
            for (String form : oddEncodings(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.CLIENT_ERROR, user);
            }
            for (String form : variants(target.path)) {
                check(failures, target, "GET " + form + " HTTP/1.1", Expect.NOT_SERVED, user);
            }
            for (String method : LISTED_METHODS) {
                check(failures, target, method + " " + target.path + " HTTP/1.1", Expect.NOT_SERVED, user);
            }
        }
        assertNoFailures(failures);
    }

    @Test
    public void http09RequestsServeNothing() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Target target : TARGETS) {
            RawHttp.Response response = raw.sendRaw(("GET " + target.path + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            // Jetty answers HTTP/0.9 with its own 505 (legacy mode: the request goes on, and is guarded)
            boolean refused = response.status() == 505 && response.contains("HTTP/0.9 not supported");
            if (response.contains(target.marker) || response.status() >= 500 && !refused) {
                failures.add("HTTP/0.9 GET " + target.path + " -> " + response);
            }
        }
        assertNoFailures(failures);
    }

    // ---------------------------------------------------------------- the request set

    /** Forms the firewall (or Jetty before it) must refuse with a 4xx. */
    static List<String> ambiguousForms(String p) {
        String rest = p.substring(1);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash + 1);
        List<String> f = new ArrayList<>();
        // path parameters, raw and encoded
        f.add(p + ";");
        f.add(p + ";x=1");
        f.add(p + ";jsessionid=0");
        f.add("/" + first + ";x/" + tail);
        f.add(p + "%3b");
        f.add(p + "%3Bx=1");
        f.add("/x/..;/" + rest);
        f.add("/;/" + rest);
        f.add("/" + first + "%3b/" + tail);
        // encoded separators and backslashes
        f.add(p + "%2f");
        f.add(p + "%2F");
        f.add("/%2f" + rest);
        f.add("/x%2f..%2f" + rest);
        f.add(p + "\\");
        f.add("/x\\..\\" + rest);
        f.add(p + "%5c");
        f.add("/x%5C..%5C" + rest);
        if (!tail.isEmpty()) {
            f.add("/" + first + "%2f" + tail);
            f.add("/" + first + "\\" + tail);
            f.add("/" + first + "%5c" + tail);
        }
        // encoded dots
        f.add("/x/%2e%2e/" + rest);
        f.add("/x/%2E%2E/" + rest);
        f.add("/x/.%2e/" + rest);
        f.add("/%2e/" + rest);
        f.add("/%2e%2e/" + rest);
        f.add(p + "/%2e");
        f.add(p + "%2e");
        // encoded percent (double encoding)
        f.add(p + "%25");
        f.add("/x/%252e%252e/" + rest);
        f.add("/x%252f..%252f" + rest);
        f.add("/%25" + hex(first.charAt(0)) + rest.substring(1));
        // dot segments and paths above the root
        f.add("/./" + rest);
        f.add("/x/../" + rest);
        f.add(p + "/.");
        f.add(p + "/..");
        f.add(p + "/x/..");
        f.add("/" + first + "/./" + tail);
        f.add("/../" + rest);
        f.add("/../../" + rest);
        f.add("/x/../../" + rest);
        // empty segments
        f.add("/" + p);
        f.add("///" + rest);
        f.add(p + "//");
        f.add("/" + first + "//" + tail);
        // control and NUL characters, raw and encoded
        f.add(p + "\u0000");
        f.add(p + "\u0001");
        f.add(p + "\u001b");
        f.add(p + "\u007f");
        f.add("/" + first + "\u0000/" + tail);
        f.add(p + "%00");
        f.add(p + "%00.html");
        f.add("/" + first + "%00/" + tail);
        f.add(p + "%0a");
        f.add(p + "%0d%0aX-Injected:%20x");
        f.add(p + "%09");
        f.add(p + "%1f");
        f.add(p + "%7f");
        // broken percent-encoding
        f.add(p + "%");
        f.add(p + "%2");
        f.add(p + "%zz");
        f.add(p + "%g0");
        f.add(p + "%u002e");
        f.add("/x/%u002e%u002e/" + rest);
        // raw non-ASCII bytes
        f.add(p + "\u00e9");
        f.add(p + "\u00ff");
        // not a path
        f.add(rest);
        f.add("\\" + rest);
        return f;
    }

    /**
     * Percent-encoded bytes that are not valid UTF-8 (overlong dots and slashes, stray bytes): the
     * firewall lets well-formed escapes of non-ASCII bytes through, and they must match nothing
     * protected (4xx, not necessarily 400).
     */
    static List<String> oddEncodings(String p) {
        String rest = p.substring(1);
        return List.of(p + "%c0%ae", "/x/%c0%ae%c0%ae/" + rest, "/x%c0%af..%c0%af" + rest, p + "%ff", p + "%e2%80%ae",
                "/%" + rest, p + "%C0%AF");
    }

    /** Unambiguous neighbours of a protected path: they may be 3xx/4xx, never its content, never 5xx. */
    static List<String> variants(String p) {
        String rest = p.substring(1);
        List<String> f = new ArrayList<>();
        f.add(p + "/");
        f.add(p + "/x");
        f.add(p.toUpperCase(Locale.ROOT));
        f.add("/" + Character.toUpperCase(rest.charAt(0)) + rest.substring(1));
        f.add("/%" + hex(rest.charAt(0)) + rest.substring(1));
        f.add("/%" + hex(rest.charAt(0)).toLowerCase(Locale.ROOT) + rest.substring(1));
        f.add(p.substring(0, p.length() - 1) + "%" + hex(p.charAt(p.length() - 1)));
        f.add(p + ".");
        f.add(p + "..");
        f.add(p + "~");
        f.add(p + ".json");
        f.add(p + "%20");
        f.add(p + "+");
        f.add(p + "?x=1");
        f.add(p + "?;x");
        f.add(p + "?/../ready");
        f.add(p + "?a=%2f..%2f&b=%00");
        f.add(p + "#x");
        f.add("http://localhost" + p);
        f.add("HTTP://LOCALHOST" + p);
        f.add("http://127.0.0.1:1" + p);
        f.add("http://localhost/x/.." + p);
        return f;
    }

    // ---------------------------------------------------------------- checking

    /** What a request must get besides never the protected content and never a 5xx. */
    private enum Expect {
        /** refused as ambiguous: exactly 400 */
        BAD_REQUEST,
        /** any 4xx */
        CLIENT_ERROR,
        /** anything but a 2xx: a 3xx to the login page or a 4xx */
        NOT_SERVED
    }

    private void check(List<String> failures, Target target, String requestLine, Expect expect,
            String... headers) throws IOException {
        RawHttp.Response response;
        try {
            response = raw.send(requestLine, headers);
        } catch (IOException e) {
            failures.add("no answer: " + printable(requestLine) + " -> " + e.getMessage());
            return;
        }
        int status = response.status();
        String problem = null;
        if (response.contains(target.marker)) {
            problem = "served protected content";
        } else if (status >= 500 || status < 0) {
            problem = "not a proper refusal";
        } else if (expect == Expect.BAD_REQUEST && status != 400) {
            problem = "not refused with 400";
        } else if (expect == Expect.CLIENT_ERROR && (status < 400 || status > 499)) {
            problem = "not refused with a 4xx";
        } else if (status >= 200 && status < 300) {
            problem = "answered 2xx";
        }
        if (problem != null) {
            failures.add(problem + ": " + printable(requestLine) + " -> " + printable(response.toString()));
        }
    }

    private static void assertNoFailures(List<String> failures) {
        assertTrue(failures.size() + " failures:\n" + String.join("\n", failures), failures.isEmpty());
    }

    private RawHttp.Response send(String requestLine, String... headers) {
        try {
            return raw.send(requestLine, headers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Authorization: " + io.github.fpauth.itest.support.Http.basic(user, password);
    }

    private static String hex(char c) {
        return String.format("%02X", (int) c);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 && c != '\r' && c != '\n' || c >= 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().replace("\r\n", " | ");
    }
}
