package io.github.fpauth.testkit.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/** One Keycloak for the class: its start is what takes time. */
public class TestKeycloakTest {

    private static final String SECRET = "keycloak-client-secret";
    /** Nothing listens there: the test reads the redirect's Location instead of following it. */
    private static final String CALLBACK = "http://127.0.0.1:8089/oidc/callback";
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");

    private static TestKeycloak keycloak;

    @BeforeClass
    public static void startKeycloak() {
        TestRealm realm = TestRealm.builder().clientSecret(SECRET)
                // Keycloak's wildcard: any path under the consumer's port
                .redirectUri("http://127.0.0.1:8089/*").postLogoutRedirectUri("http://127.0.0.1:8089/*")
                .realmRoles("fpauth-users")
                .user(TestRealm.user("alice", "alice-password").firstName("Alice").lastName("Liddell")
                        .email("alice@example.test").emailVerified(true).realmRoles("fpauth-admins"))
                // no names, no email: Keycloak's user profile would ask for them at the first sign-in
                .user(TestRealm.user("bob", "bob-password"))
                .user(TestRealm.user("carol", "carol-password").firstName("Carol").lastName("Admin")
                        .email("carol@example.test").realmRoles("fpauth-admins"))
                .build();
        long started = System.nanoTime();
        keycloak = TestKeycloak.start(Paths.get("target", "test-keycloak"), realm);
        System.out.printf("Keycloak answered after %.1f s: %s%n", (System.nanoTime() - started) / 1e9, keycloak);
    }

    @AfterClass
    public static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    public void discoveryAndJwksAreTheRealmsOwn() throws Exception {
        assertEquals("http://127.0.0.1:" + keycloak.port(), keycloak.baseUrl());
        assertEquals(keycloak.baseUrl() + "/realms/fpauth", keycloak.issuer());
        HttpClient http = CodeFlow.httpClient();
        HttpResponse<String> discovery = CodeFlow.get(http,
                URI.create(keycloak.issuer() + "/.well-known/openid-configuration"));
        assertEquals(200, discovery.statusCode());
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(discovery.body());
        assertEquals(keycloak.issuer(), metadata.getIssuer().getValue());

        HttpResponse<String> jwks = CodeFlow.get(http, metadata.getJWKSetURI());
        assertEquals(200, jwks.statusCode());
        List<JWK> rs256 = JWKSet.parse(jwks.body()).getKeys().stream()
                .filter(key -> JWSAlgorithm.RS256.equals(key.getAlgorithm()) && KeyUse.SIGNATURE.equals(key.getKeyUse()))
                .toList();
        assertFalse(jwks.body(), rs256.isEmpty());
    }

    @Test
    public void aliceSignsInThroughTheLoginFormAndHerCodeWorksOnce() throws Exception {
        CodeFlow flow = flow();
        Map<String, String> redirect = CodeFlow.query(signIn(flow, "alice", "alice-password"));
        assertEquals(flow.state.getValue(), redirect.get("state"));
        String code = redirect.get("code");

        HTTPResponse answer = flow.redeem(tokenEndpoint(), SECRET, code);
        JWTClaimsSet idToken = idToken(answer);
        assertEquals(List.of("fpauth"), idToken.getAudience());
        assertEquals(keycloak.issuer(), idToken.getIssuer());
        assertEquals(flow.nonce.getValue(), idToken.getStringClaim("nonce"));
        assertEquals("alice", idToken.getStringClaim("preferred_username"));
        assertEquals("Alice Liddell", idToken.getStringClaim("name"));
        assertEquals("alice@example.test", idToken.getStringClaim("email"));
        assertEquals(Boolean.TRUE, idToken.getBooleanClaim("email_verified"));
        assertTrue(idToken.getStringListClaim("roles").toString(),
                idToken.getStringListClaim("roles").contains("fpauth-admins"));

        HTTPResponse replay = flow.redeem(tokenEndpoint(), SECRET, code);
        assertEquals(400, replay.getStatusCode());
        assertEquals("invalid_grant", CodeFlow.tokenError(replay));
    }

    @Test
    public void aUserWithoutNamesOrEmailIsNotSentToAProfilePage() throws Exception {
        CodeFlow flow = flow();
        JWTClaimsSet idToken = idToken(flow.redeem(tokenEndpoint(), SECRET,
                CodeFlow.query(signIn(flow, "bob", "bob-password")).get("code")));
        assertEquals("bob", idToken.getStringClaim("preferred_username"));
        assertNull(idToken.getStringClaim("email"));
    }

    @Test
    public void aDisabledUserCannotSignInAndChangedRolesReachTheNextToken() throws Exception {
        keycloak.setUserEnabled("carol", false);
        HttpResponse<String> refused = submitLogin(CodeFlow.httpClientWithCookies(), flow(), "carol", "carol-password");
        assertEquals(refused.body(), 200, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("Account is disabled"));

        keycloak.setUserEnabled("carol", true);
        keycloak.setRealmRoles("carol", "fpauth-users");
        CodeFlow flow = flow();
        JWTClaimsSet idToken = idToken(flow.redeem(tokenEndpoint(), SECRET,
                CodeFlow.query(signIn(flow, "carol", "carol-password")).get("code")));
        List<String> roles = idToken.getStringListClaim("roles");
        assertTrue(roles.toString(), roles.contains("fpauth-users"));
        assertFalse(roles.toString(), roles.contains("fpauth-admins"));
        // the names and email survive the admin updates
        assertEquals("Carol Admin", idToken.getStringClaim("name"));
    }

    // ---- helpers

    private static CodeFlow flow() {
        return new CodeFlow(keycloak.issuer() + "/protocol/openid-connect/auth", "fpauth", CALLBACK);
    }

    private static String tokenEndpoint() {
        return keycloak.issuer() + "/protocol/openid-connect/token";
    }

    /** Signs in through Keycloak's login page, in a browser session of its own; returns the redirect to the client. */
    private static String signIn(CodeFlow flow, String username, String password) throws Exception {
        HttpResponse<String> answer = submitLogin(CodeFlow.httpClientWithCookies(), flow, username, password);
        assertEquals(answer.body(), 302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.startsWith(CALLBACK + "?"));
        return location;
    }

    /** GETs the authorization URL, and POSTs the credentials to the action of the login form it shows. */
    private static HttpResponse<String> submitLogin(HttpClient browser, CodeFlow flow, String username,
            String password) throws Exception {
        HttpResponse<String> page = CodeFlow.get(browser, flow.authorizeUri());
        assertEquals(page.body(), 200, page.statusCode());
        Matcher form = LOGIN_FORM.matcher(page.body());
        assertTrue(page.body(), form.find());
        Matcher action = ACTION.matcher(form.group());
        assertTrue(form.group(), action.find());
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpRequest post = HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return browser.send(post, HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet idToken(HTTPResponse answer) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(answer);
        assertTrue(answer.getBody(), response.indicatesSuccess());
        SignedJWT idToken = (SignedJWT) ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens()
                .getIDToken();
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        return idToken.getJWTClaimsSet();
    }
}
