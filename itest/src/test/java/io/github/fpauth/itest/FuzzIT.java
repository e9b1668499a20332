package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.Browser;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.MarkerServlet;
import io.github.fpauth.itest.support.RawHttp;

/**
 * A bounded fuzz run ({@value #SECONDS} s) against auth-user and the core over raw sockets: random
 * and mutated Basic headers (long, odd bytes, many colons, invalid base64, repeated), Bearer
 * tokens, session and CSRF cookies (garbage, huge, many), paths and form bodies to {@code /login},
 * {@code /logout}, {@code /profile}, {@code /admin/users} and a protected test route. None of them
 * carries valid credentials, so: zero 5xx, zero protected content. Then, for the last
 * {@value #SIGNED_IN_SECONDS} s, form posts and queries signed in as a user without roles (valid
 * session and CSRF cookies, the CSRF field often right), so the pages' own form handling is reached:
 * zero 5xx, zero admin content. The runtime is healthy afterwards. The seed is printed; rerun one with {@code -Dfpauth.fuzz.seed=<seed>}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FuzzIT extends FpauthTestSupport {

    private static final int SECONDS = 20;
    /** Of {@link #SECONDS}, the part spent signed in as a user without roles, with a valid CSRF pair. */
    private static final int SIGNED_IN_SECONDS = 6;
    private static final String USER = "fuzzuser";
    private static final String USER_PASSWORD = "Fuzz-user-pw-31";
    /** What only an admin is shown. */
    private static final String[] ADMIN_MARKERS = {"Registered managers", "<h2>Create a user</h2>"};
    private static final String SEED_PROPERTY = "fpauth.fuzz.seed";
    private static final String[] PATHS = {"/login", "/logout", "/profile", "/profile/password", "/profile/tokens",
        "/profile/sessions/revoke", "/admin/users", "/admin", "/", "/api/me", "/fz/secret"};
    /** What only a signed-in user (or an admin) is shown. */
    private static final String[] PROTECTED_MARKERS = {MarkerServlet.MARKER, "Registered managers",
        "<h2>Create a user</h2>", "<h2>Change password</h2>", "<h2>Personal access tokens</h2>"};

    private Random random;
    /** The signed-in user's Cookie header line, once signed in. */
    private String signedIn;
    private String csrfToken;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @After
    public void unlock() throws Exception {
        gogo("fpauth:unlock 127.0.0.1");
        gogo("fpauth:unlock " + ADMIN);
    }

    @Test
    public void randomHeadersCookiesPathsAndBodiesNeverCauseA5xxNorLeakAnything() throws Exception {
        awaitActiveManager("auth_user");
        registerServlet("itest-fuzz-secret", "/fz/*", new MarkerServlet(), RouteRequirements.REQUIRE_AUTHENTICATION,
                Boolean.TRUE);
        awaitStatus("/fz/secret", 401);
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        System.out.println("FuzzIT seed " + seed + " (rerun: -D" + SEED_PROPERTY + "=" + seed + ")");
        random = new Random(seed);
        RawHttp raw = new RawHttp(httpPort());

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int requests = run(raw, SECONDS - SIGNED_IN_SECONDS, PROTECTED_MARKERS, failures, statuses);

        // Signed in (session and CSRF cookies, the CSRF field often right): the pages' own form
        // handling is reached, and an admin's pages must stay closed.
        gogo("fpauth:unlock 127.0.0.1");
        addUser(USER, USER_PASSWORD, "user");
        Browser user = new Browser(httpPort());
        Browser.Page signIn = user.post("/login", "csrf", user.get("/login").csrfToken(), "username", USER,
                "password", USER_PASSWORD, "next", "");
        assertEquals(signIn.toString(), 303, signIn.status());
        signedIn = "Cookie: FPAUTH_SESSION=" + user.cookie("FPAUTH_SESSION") + "; FPAUTH_CSRF=" + user.cookie("FPAUTH_CSRF");
        csrfToken = user.get("/profile").csrfToken();
        requests += run(raw, SIGNED_IN_SECONDS, ADMIN_MARKERS, failures, statuses);

        String summary = "seed " + seed + ", " + requests + " requests, statuses " + statuses;
        System.out.println("FuzzIT " + summary);
        assertTrue(summary + "\n" + String.join("\n", failures), failures.isEmpty());
        assertTrue("enough requests to mean something: " + summary, requests >= 200);

        // still healthy
        unlock();
        assertEquals(200, http().get("/ready").status());
        assertEquals(200, http().get("/fz/secret", ADMIN, ADMIN_PASSWORD).status());
        Browser browser = new Browser(httpPort());
        String token = browser.get("/login").csrfToken();
        Browser.Page login = browser.post("/login", "csrf", token, "username", ADMIN, "password", ADMIN_PASSWORD,
                "next", "/fz/secret");
        assertEquals(login.toString(), 303, login.status());
        assertTrue(browser.get("/fz/secret").body().contains(MarkerServlet.MARKER));
    }

    /** Sends random requests for {@code seconds}; records 5xx, silence and any of {@code markers}. */
    private int run(RawHttp raw, int seconds, String[] markers, List<String> failures, Map<Integer, Integer> statuses) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int requests = 0;
        while (System.nanoTime() < deadline && failures.size() < 10) {
            byte[] request = signedIn == null ? nextRequest() : nextSignedInRequest();
            requests++;
            RawHttp.Response response;
            try {
                response = raw.sendRaw(request);
            } catch (IOException e) {
                failures.add("no answer (" + e.getMessage() + ") to " + shown(request));
                continue;
            }
            int status = response.status();
            statuses.merge(status, 1, Integer::sum);
            if (status < 100 || status >= 500) {
                failures.add(status + " to " + shown(request) + "\n   -> " + response + "\n   whole request: "
                        + kept(request, failures.size()));
            }
            for (String marker : markers) {
                if (response.contains(marker)) {
                    failures.add("protected content (" + marker + ") to " + shown(request));
                }
            }
        }
        return requests;
    }

    // ---------------------------------------------------------------- generators

    /** Form posts and odd queries to the pages a signed-in user reaches (never /logout: it would end the session). */
    private byte[] nextSignedInRequest() {
        String path = pick(new String[] {"/profile", "/profile/password", "/profile/tokens", "/profile/sessions/revoke",
            "/admin/users", "/login", "/fz/secret"});
        if (random.nextInt(4) == 0) {
            return get(path + "?" + query(), signedIn);
        }
        String body = formBody();
        if (random.nextBoolean()) {
            body = "csrf=" + csrfToken + (body.isEmpty() ? "" : "&" + body);
        }
        return post(path, body, signedIn);
    }

    private byte[] nextRequest() {
        switch (random.nextInt(6)) {
        case 0:
            return get(path(), "Authorization: " + basic());
        case 1:
            return get(path(), "Authorization: " + bearer());
        case 2:
            return get(path(), cookies());
        case 3:
            return get(mutatedPath(), random.nextBoolean() ? "Authorization: " + basic() : cookies());
        case 4:
            return post(pick(PATHS), formBody(), random.nextBoolean() ? cookies() : "Authorization: " + basic());
        default:
            return get(path(), "Authorization: " + basic(), "Authorization: " + (random.nextBoolean() ? basic() : bearer()),
                    cookies());
        }
    }

    private String basic() {
        switch (random.nextInt(9)) {
        case 0:
            return "Basic " + base64(randomBytes(length()));
        case 1:
            return "Basic " + base64((text(length()) + ":" + text(length())).getBytes(StandardCharsets.UTF_8));
        case 2:
            return "Basic " + base64((ADMIN + ":" + ":".repeat(random.nextInt(50)) + text(10)).getBytes(StandardCharsets.UTF_8));
        case 3:
            return pick(new String[] {"basic ", "BASIC ", "Basic  ", "Basic\t", "Basic", "Basic:", "Basic=", ""})
                    + base64((ADMIN + ":x" + text(5)).getBytes(StandardCharsets.UTF_8));
        case 4:
            return "Basic " + pick(new String[] {"====", "!!!!", "YWRtaW4", "YWRtaW4=", "Og==", "OmFkbWlu", "YWRtaW46",
                "%%%%", "\u00ff\u00fe", "YW Rt aW4=", "YWRtaW46\u0000"});
        case 5:
            return "Basic " + base64(("admin\u0000:" + text(8)).getBytes(StandardCharsets.UTF_8));
        case 6:
            return "Basic " + base64((text(3) + ":" + "p".repeat(1 + random.nextInt(5000))).getBytes(StandardCharsets.UTF_8));
        case 7:
            return "Basic " + oddBytes(length());
        default:
            return pick(new String[] {"Digest username=\"admin\"", "NTLM TlRMTVNTUAAB", "Negotiate x", "Bearer", ""})
                    + text(length());
        }
    }

    private String bearer() {
        switch (random.nextInt(5)) {
        case 0:
            return "Bearer fpat_" + token(43);
        case 1:
            return "Bearer fpat_" + token(random.nextInt(200));
        case 2:
            return "Bearer " + oddBytes(length());
        case 3:
            return pick(new String[] {"bearer ", "BEARER ", "Bearer  ", "Bearer\t", "Bearer"}) + "fpat_" + token(43);
        default:
            return "Bearer " + text(length());
        }
    }

    private String cookies() {
        StringBuilder cookie = new StringBuilder("Cookie: ");
        int count = random.nextInt(10) == 0 ? 100 + random.nextInt(200) : 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                cookie.append(pick(new String[] {"; ", ";", ", ", " ; "}));
            }
            String name = pick(new String[] {"FPAUTH_SESSION", "FPAUTH_CSRF", "FPAUTH_SESSION", "JSESSIONID", "x",
                "$Version", "fpauth_session", ""});
            cookie.append(name).append(pick(new String[] {"=", "=", "=\"", " = ", ""}));
            switch (random.nextInt(5)) {
            case 0:
                cookie.append(token(43));
                break;
            case 1:
                cookie.append(oddBytes(length()));
                break;
            case 2:
                cookie.append(text(length()).replace(";", ""));
                break;
            case 3:
                cookie.append("\"").append(text(20)).append("\\\"\"");
                break;
            default:
                cookie.append("x".repeat(random.nextInt(10_000)));
            }
        }
        return cookie.toString();
    }

    private String path() {
        String path = pick(PATHS);
        return random.nextInt(3) == 0 ? path + "?" + query() : path;
    }

    private String mutatedPath() {
        StringBuilder path = new StringBuilder(pick(PATHS));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = 1 + random.nextInt(path.length());
            String insert = pick(new String[] {";", "%3b", "/", "//", "/./", "/../", "%2f", "%2e", "%00", "%", "%zz",
                "\\", "%5c", "%25", "~", ".", "..", "%c0%ae", "?", "#", "*", "%20", "\u00e9", "\u0001", String.valueOf(
                        (char) (0x21 + random.nextInt(94)))});
            path.insert(Math.min(at, path.length()), insert);
        }
        return path.toString();
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            query.append(i == 0 ? "" : "&").append(pick(new String[] {"next", "csrf", "user", "x"})).append('=')
                    .append(pick(new String[] {"//evil", "%zz", "%", text(5), "/%0d%0aX:y", "\u00e9"}));
        }
        return query.toString();
    }

    private String formBody() {
        StringBuilder body = new StringBuilder();
        int fields = random.nextInt(10) == 0 ? 500 + random.nextInt(1000) : random.nextInt(8);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                body.append(pick(new String[] {"&", "&", "&&", ";"}));
            }
            body.append(pick(new String[] {"csrf", "username", "password", "next", "remember", "action", "user",
                "current", "new", "confirm", "id", "name", "roles", "", "%zz", "a%00b"}));
            if (random.nextInt(8) != 0) {
                body.append('=');
            }
            switch (random.nextInt(5)) {
            case 0:
                body.append(text(length()));
                break;
            case 1:
                body.append(oddBytes(length()));
                break;
            case 2:
                body.append(pick(new String[] {"%", "%z", "%zz", "%00", "%ff%fe", "+%2B%", "%u0041", "%C0%AE"}));
                break;
            case 3:
                body.append(token(43));
                break;
            default:
                body.append("x".repeat(random.nextInt(200_000)));
            }
        }
        return body.toString();
    }

    // ---------------------------------------------------------------- building blocks

    private byte[] get(String target, String... headers) {
        return request("GET " + target + " HTTP/1.1", headers, null, null);
    }

    private byte[] post(String target, String body, String... headers) {
        String type = pick(new String[] {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=x-nonsense",
            "multipart/form-data; boundary=", "multipart/form-data", "text/plain", "application/json", ""});
        return request("POST " + target + " HTTP/1.1", headers, type, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] request(String requestLine, String[] headers, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    /** Mostly short, sometimes long, now and then beyond the server's header limits. */
    private int length() {
        int roll = random.nextInt(20);
        if (roll < 12) {
            return random.nextInt(40);
        }
        if (roll < 17) {
            return 40 + random.nextInt(1000);
        }
        if (roll < 19) {
            return 1000 + random.nextInt(7000);
        }
        return 8000 + random.nextInt(60_000);
    }

    /** Printable ASCII. */
    private String text(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(95)));
        }
        return text.toString();
    }

    /** Any byte but CR and LF (which would end the header line), as ISO-8859-1 characters. */
    private String oddBytes(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c;
            do {
                c = (char) random.nextInt(256);
            } while (c == '\r' || c == '\n');
            text.append(c);
        }
        return text.toString();
    }

    private String token(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Keeps a failing request whole, byte for byte, so that it can be replayed; returns where. */
    private static String kept(byte[] request, int index) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            Path file = dir.resolve("request-" + System.currentTimeMillis() + "-" + index + ".http");
            Files.write(file, request);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return "not kept (" + e + ")";
        }
    }

    private static String shown(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out + (request.length > 300 ? "... (" + request.length + " bytes)" : "");
    }
}
