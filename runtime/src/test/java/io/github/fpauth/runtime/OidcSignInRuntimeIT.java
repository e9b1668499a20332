package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import io.github.fpauth.testkit.oidc.TestOpenIdProvider;
import io.github.fpauth.testkit.oidc.TestOpenIdProvider.Flavour;

/**
 * Signing in with an OpenID provider on the runtime as an operator sets it up: the jars of
 * {@code optional/oidc/} and a provider configuration in {@code deploy/}. The provider is
 * {@link TestOpenIdProvider}, a real HTTP server in this JVM that can also issue every ID token a
 * relying party must refuse; the full browser flow against Keycloak is in {@code KeycloakBrowserIT}.
 */
public class OidcSignInRuntimeIT {

    private static final String ADMIN_PASSWORD = "oidc-Admin-pw-5c1e";
    private static final String PROVIDER = "test";
    private static final String SESSION = "FPAUTH_SESSION";

    private static RuntimeProcess runtime;
    private static TestOpenIdProvider provider;
    private static String base;

    private HttpClient browser;
    private CookieManager cookies;

    @BeforeClass
    public static void startRuntimeWithTheProvider() throws Exception {
        runtime = RuntimeProcess.fresh("oidc");
        base = "http://127.0.0.1:" + runtime.port();
        provider = TestOpenIdProvider.start("fpauth-app", "app-secret-" + System.nanoTime(),
                base + "/login/oidc/" + PROVIDER + "/callback");
        provider.setPostLogoutRedirectUri(base + "/login");
        deployOidc(runtime, provider);
        runtime.start(ADMIN_PASSWORD);
        runtime.awaitReady(true, Duration.ofSeconds(60));
        runtime.await("the provider's button", Duration.ofSeconds(60),
                () -> runtime.get("/login").body().contains("id=\"login-with-" + PROVIDER + "\""));
    }

    /** optional/oidc/'s jars and a configuration for {@code provider}, as docs/single-sign-on.md says. */
    static void deployOidc(RuntimeProcess node, TestOpenIdProvider op) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(node.folder().resolve("optional/oidc"), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, node.deployFolder().resolve(jar.getFileName()));
            }
        }
        Files.writeString(node.deployFolder().resolve("io.github.fpauth.oidc.provider-" + PROVIDER + ".cfg"),
                "name=" + PROVIDER + "\nlabel=Test Provider\nissuer=" + op.issuer() + "\nclientId=" + op.clientId()
                        + "\n.clientSecret=" + op.clientSecret() + "\nredirectUri=" + op.redirectUri()
                        + "\npostLogoutRedirectUri=" + base + "/login\nroleClaim=roles\n"
                        + "roleMapping=op-admins=fp_admin, op-editors=editor\n");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Before
    public void newBrowser() {
        provider.setDown(false);
        provider.setNextIdTokenFlavour(Flavour.VALID);
        cookies = new CookieManager();
        browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static TestOpenIdProvider.User user(String subject, String name, String email, String... roles) {
        return new TestOpenIdProvider.User(subject, name, name + " at the provider", email, true, List.of(roles));
    }

    @Test
    public void signingInCreatesALinkedUserWithTheMappedRoleAndLogoutGoesOnToTheProvidersLogout() throws Exception {
        provider.setUser(user("sub-olga", "olga", "olga@example.test", "op-admins", "unmapped"));
        HttpResponse<String> login = get(base + "/login?next=%2Fadmin");
        assertTrue(login.body(), login.body().contains(">Sign in with Test Provider</a>"));

        HttpResponse<String> start = get(base + "/login/oidc/" + PROVIDER + "?next=%2Fadmin");
        assertEquals(303, start.statusCode());
        Map<String, String> asked = query(location(start));
        assertEquals("code", asked.get("response_type"));
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(op().redirectUri(), asked.get("redirect_uri"));
        assertTrue(asked.get("scope"), asked.get("scope").contains("openid"));
        assertTrue("a state of 256 bits", asked.get("state").length() >= 43);
        assertNotNull(asked.get("nonce"));

        HttpResponse<String> callback = finish(start);
        assertEquals(callback.body(), 303, callback.statusCode());
        assertEquals(base + "/admin", location(callback));
        assertNotNull("a session", cookie(SESSION));
        HttpResponse<String> admin = get(base + "/admin");
        assertEquals("the mapped role opens the admin pages", 200, admin.statusCode());
        HttpResponse<String> me = get(base + "/api/me");
        assertTrue(me.body(), me.body().contains("\"name\":\"olga\"") && me.body().contains("\"admin\":true"));
        String userPage = runtime.get("/admin/users?user=olga", "admin", ADMIN_PASSWORD).body();
        assertTrue("the admin page shows the link", userPage.contains("<p id=\"linked\">Signs in with test:sub-olga</p>"));

        // logout: the local session ends, and the browser goes on to the provider's own logout
        String session = cookie(SESSION);
        HttpResponse<String> logout = logout();
        // a page that moves on by itself: a form's POST may not be redirected off the site (form-action 'self')
        assertEquals(200, logout.statusCode());
        String refresh = logout.headers().firstValue("Refresh").orElseThrow();
        assertTrue(refresh, refresh.startsWith("0; url=" + op().endSessionEndpoint() + "?"));
        String providerLogout = refresh.substring("0; url=".length());
        assertTrue(logout.body(), logout.body().contains("id=\"provider-logout\""));
        Map<String, String> ending = query(providerLogout);
        assertEquals(op().clientId(), ending.get("client_id"));
        assertEquals(base + "/login", ending.get("post_logout_redirect_uri"));
        assertTrue("the old session is dead", me(session).contains("\"authenticated\":false"));
    }

    @Test
    public void rolesTheProviderManagesAreRefreshedAtEachSignInAndTheUserStaysTheSame() throws Exception {
        provider.setUser(user("sub-pia", "pia", "pia@example.test", "op-admins"));
        assertEquals(303, signIn().statusCode());
        assertEquals(200, get(base + "/admin").statusCode());
        logout();

        newBrowser();
        provider.setUser(user("sub-pia", "renamed-at-provider", "pia@example.test", "op-editors"));
        assertEquals(303, signIn().statusCode());
        HttpResponse<String> me = get(base + "/api/me");
        assertTrue(me.body(), me.body().contains("\"name\":\"pia\"") && me.body().contains("\"admin\":false"));
        assertTrue(me.body(), me.body().contains("editor"));
        assertEquals("fp_admin was taken", 403, get(base + "/admin").statusCode());
    }

    @Test
    public void everyIdTokenARelyingPartyMustRefuseGivesAPageAndNoSession() throws Exception {
        provider.setUser(user("sub-quinn", "quinn", "quinn@example.test", "op-admins"));
        for (Flavour bad : List.of(Flavour.WRONG_AUDIENCE, Flavour.EXTRA_AUDIENCE_WITHOUT_AZP, Flavour.WRONG_AZP,
                Flavour.WRONG_ISSUER, Flavour.EXPIRED, Flavour.ISSUED_IN_FUTURE, Flavour.WRONG_NONCE,
                Flavour.MISSING_NONCE, Flavour.ALG_NONE, Flavour.HS256_WITH_PUBLIC_KEY, Flavour.UNKNOWN_KID,
                Flavour.BAD_SIGNATURE)) {
            newBrowser();
            provider.setNextIdTokenFlavour(bad);
            HttpResponse<String> callback = signIn();
            assertEquals(bad + ": " + callback.body(), 401, callback.statusCode());
            assertTrue(bad + ": " + callback.body(), callback.body().contains("could not be verified"));
            assertNull(bad + ": no session", cookie(SESSION));
            assertTrue(bad + " is logged", runtime.output().contains("the ID token"));
        }
        assertTrue("no user was created by a refused token",
                runtime.get("/admin/users", "admin", ADMIN_PASSWORD).body().indexOf("quinn") < 0);
    }

    @Test
    public void aBrokenlyEncodedQueryIsA400PageNotA500() throws Exception {
        // sent raw: java.net.URI refuses to build such an address
        assertEquals("HTTP/1.1 400 Bad Request", runtime.rawStatusLine("/login/oidc/" + PROVIDER + "?next=%zz", "Accept: text/html"));
        assertEquals("HTTP/1.1 400 Bad Request", runtime.rawStatusLine("/login/oidc/" + PROVIDER + "/callback?code=%zz&state=a",
                "Accept: text/html"));
    }

    @Test
    public void anEs256TokenFromThePublishedKeyIsAccepted() throws Exception {
        provider.setUser(user("sub-rosa", "rosa", "rosa@example.test"));
        provider.setNextIdTokenFlavour(Flavour.ES256);
        assertEquals(303, signIn().statusCode());
        assertNotNull(cookie(SESSION));
    }

    @Test
    public void aCallbackWithAnotherStateOrWithoutThisBrowsersPendingSignInIsRefused() throws Exception {
        provider.setUser(user("sub-sam", "sam", "sam@example.test"));
        int tokenRequests = provider.tokenRequests();
        HttpResponse<String> start = get(base + "/login/oidc/" + PROVIDER + "?next=%2F");
        String redirect = location(get(location(start)));
        Map<String, String> answer = query(redirect);

        // the attacker's callback (their own code and state) in the victim's browser: refused, no session
        HttpResponse<String> forged = get(op().redirectUri() + "?code=" + answer.get("code") + "&state=forged-state-"
                + System.nanoTime());
        assertEquals(400, forged.statusCode());
        assertNull(cookie(SESSION));

        // the real callback in a browser that never started it
        newBrowser();
        HttpResponse<String> elsewhere = get(redirect);
        assertEquals(400, elsewhere.statusCode());
        assertTrue(elsewhere.body(), elsewhere.body().contains("not started in this browser"));
        assertNull(cookie(SESSION));
        assertEquals("no code was spent on them", tokenRequests, provider.tokenRequests());
    }

    @Test
    public void aReplayedCallbackIsRefusedAndAReplayedCodeIsRefusedByTheProvider() throws Exception {
        provider.setUser(user("sub-tom", "tom", "tom@example.test"));
        HttpResponse<String> start = get(base + "/login/oidc/" + PROVIDER + "?next=%2F");
        String pending = cookieHeader(base + "/login/oidc/" + PROVIDER + "/callback");
        String redirect = location(get(location(start)));
        assertEquals(303, get(redirect).statusCode());
        assertNotNull(cookie(SESSION));

        // the same callback again in the same browser: its pending sign-in was used up
        HttpResponse<String> again = get(redirect);
        assertEquals(400, again.statusCode());

        // the same callback with the old pending cookie replayed by hand: the provider refuses the code
        HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(redirect))
                .header("Cookie", pending).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(replayed.body(), 400, replayed.statusCode());
        assertTrue(replayed.body(), replayed.body().contains("did not accept this sign-in"));
        assertFalse(replayed.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(SESSION + "=")
                && !c.startsWith(SESSION + "=;")));
    }

    @Test
    public void theProviderRefusingOrDownGivesAPageNeverA500() throws Exception {
        provider.setUser(user("sub-uma", "uma", "uma@example.test"));
        provider.denyNextAuthorization();
        HttpResponse<String> denied = signIn();
        assertEquals(401, denied.statusCode());
        assertTrue(denied.body(), denied.body().contains("did not sign you in"));

        // down between its redirect back and the code exchange
        newBrowser();
        HttpResponse<String> atProvider = get(location(get(base + "/login/oidc/" + PROVIDER + "?next=%2F")));
        provider.setDown(true);
        HttpResponse<String> down = get(location(atProvider));
        assertEquals(down.body(), 502, down.statusCode());
        assertTrue(down.body(), down.body().contains("cannot be reached"));
        assertNull(cookie(SESSION));
        provider.setDown(false);
    }

    @Test
    public void rotatedKeysAreFetchedAgainAndUnknownKeyIdsDoNotHammerTheProvider() throws Exception {
        provider.setUser(user("sub-vera", "vera", "vera@example.test"));
        assertEquals(303, signIn().statusCode());
        provider.rotateKeysAndDropOld();
        newBrowser();
        assertEquals("signed by the new key: fetched again", 303, signIn().statusCode());

        int fetches = provider.jwksFetches();
        for (int i = 0; i < 5; i++) {
            newBrowser();
            provider.setNextIdTokenFlavour(Flavour.UNKNOWN_KID);
            assertEquals(401, signIn().statusCode());
        }
        assertTrue("at most one more JWKS fetch in 30 s: " + (provider.jwksFetches() - fetches),
                provider.jwksFetches() - fetches <= 1);
    }

    @Test
    public void aUserDisabledLocallyStaysOut() throws Exception {
        provider.setUser(user("sub-wendy", "wendy", "wendy@example.test"));
        assertEquals(303, signIn().statusCode());
        logout();
        assertEquals(303, adminPost("/admin/users", "action", "disable", "user", "wendy"));

        newBrowser();
        HttpResponse<String> refused = signIn();
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("disabled"));
        assertNull(cookie(SESSION));
    }

    @Test
    public void removingTheBundleUnderLoadRemovesTheButtonKeepsSessionsAndFailsNoRequest() throws Exception {
        provider.setUser(user("sub-xena", "xena", "xena@example.test"));
        assertEquals(303, signIn().statusCode());
        String oidcSession = cookie(SESSION);
        String localSession = SharedStoreNodes.login(runtime, "admin", ADMIN_PASSWORD);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    int login = SharedStoreNodes.anonymous(runtime, "/login");
                    int local = SharedStoreNodes.withSession(runtime, "/admin", localSession);
                    int basic = SharedStoreNodes.withBasic(runtime, "/admin", "admin", ADMIN_PASSWORD);
                    requests.addAndGet(3);
                    if (login != 200 || local != 200 || basic != 200) {
                        failures.add("login " + login + ", session " + local + ", basic " + basic);
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        Path jar = runtime.deployFolder().resolve("auth-oidc-bundle.jar");
        Path aside = runtime.folder().resolve("auth-oidc-bundle.jar");
        try {
            for (int swap = 0; swap < 5; swap++) {
                Files.move(jar, aside);
                runtime.await("the button gone", Duration.ofSeconds(30),
                        () -> !runtime.get("/login").body().contains("login-with-" + PROVIDER));
                assertEquals(404, SharedStoreNodes.anonymous(runtime, "/login/oidc/" + PROVIDER));
                Files.move(aside, jar);
                runtime.await("the button back", Duration.ofSeconds(30),
                        () -> runtime.get("/login").body().contains("login-with-" + PROVIDER));
            }
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join(10_000);
            }
        }
        assertEquals("every request during 5 swaps (" + requests.get() + ")", List.of(), failures);
        assertTrue("load ran", requests.get() > 100);
        assertTrue("the provider's session outlived the swaps", me(oidcSession).contains("\"name\":\"xena\""));
        newBrowser();
        assertEquals("and sign-in works again", 303, signIn().statusCode());
    }

    // ---- a browser without a page engine: cookies kept, redirects followed by hand

    private TestOpenIdProvider op() {
        return provider;
    }

    /** Start, the provider's redirect back, and the callback; the callback's answer. */
    private HttpResponse<String> signIn() throws Exception {
        return finish(get(base + "/login/oidc/" + PROVIDER + "?next=%2F"));
    }

    private HttpResponse<String> finish(HttpResponse<String> start) throws Exception {
        assertEquals(start.body(), 303, start.statusCode());
        HttpResponse<String> atProvider = get(location(start));
        assertEquals(atProvider.body(), 302, atProvider.statusCode());
        return get(location(atProvider));
    }

    private HttpResponse<String> logout() throws Exception {
        HttpResponse<String> form = get(base + "/logout");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(form.body(), csrf.find());
        return browser.send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf.group(1),
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int adminPost(String path, String... fields) throws Exception {
        HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String session = SharedStoreNodes.login(runtime, "admin", ADMIN_PASSWORD);
        HttpResponse<String> page = admin.send(HttpRequest.newBuilder(URI.create(base + path + "?user=" + fields[3]))
                .header("Cookie", SESSION + "=" + session).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(page.body(), csrf.find());
        StringBuilder body = new StringBuilder("csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
        for (int i = 0; i < fields.length; i += 2) {
            body.append('&').append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1],
                    StandardCharsets.UTF_8));
        }
        return admin.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", SESSION + "=" + session)
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String me(String session) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("Cookie", SESSION + "=" + session).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int anonymousWithSession(String session, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", SESSION + "=" + session).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String cookie(String name) {
        for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
            if (cookie.getName().equals(name) && !cookie.getValue().isEmpty() && !cookie.hasExpired()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The Cookie header this browser would send to {@code url}. */
    private String cookieHeader(String url) throws IOException {
        return String.join("; ", cookies.get(URI.create(url), Map.of()).getOrDefault("Cookie", List.of()));
    }

    private static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no Location: " + response.statusCode()));
        return location.startsWith("/") ? base + location : location;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
