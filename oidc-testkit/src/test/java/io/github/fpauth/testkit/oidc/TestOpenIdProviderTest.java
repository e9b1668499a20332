package io.github.fpauth.testkit.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import io.github.fpauth.testkit.oidc.TestOpenIdProvider.Flavour;

public class TestOpenIdProviderTest {

    private static final String CLIENT = "fpauth";
    private static final String SECRET = "the-client-secret";
    private static final String REDIRECT = "http://127.0.0.1:8089/oidc/callback";
    private static final String POST_LOGOUT = "http://127.0.0.1:8089/signed-out";
    private static final TestOpenIdProvider.User BOB = new TestOpenIdProvider.User("subject-bob", "bob", "Bob Builder",
            "bob@example.test", false, List.of("fpauth-admins", "fpauth-users"));

    private TestOpenIdProvider provider;
    private final HttpClient http = CodeFlow.httpClient();

    @Before
    public void start() {
        provider = TestOpenIdProvider.start(CLIENT, SECRET, REDIRECT);
        provider.setPostLogoutRedirectUri(POST_LOGOUT);
    }

    @After
    public void stop() {
        provider.close();
    }

    @Test
    public void discoveryNamesTheEndpointsAndWhatTheProviderSupports() throws Exception {
        HttpResponse<String> answer = CodeFlow.get(http, URI.create(provider.discoveryUrl()));
        assertEquals(200, answer.statusCode());
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(answer.body());
        assertEquals(provider.issuer(), metadata.getIssuer().getValue());
        assertFalse(provider.issuer().endsWith("/"));
        assertEquals(URI.create(provider.authorizationEndpoint()), metadata.getAuthorizationEndpointURI());
        assertEquals(URI.create(provider.tokenEndpoint()), metadata.getTokenEndpointURI());
        assertEquals(URI.create(provider.jwksUri()), metadata.getJWKSetURI());
        assertEquals(URI.create(provider.endSessionEndpoint()), metadata.getEndSessionEndpointURI());
        assertEquals("[code]", metadata.getResponseTypes().toString());
        assertEquals("[public]", metadata.getSubjectTypes().toString());
        assertEquals(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), metadata.getIDTokenJWSAlgs());
        assertEquals("[S256]", metadata.getCodeChallengeMethods().toString());
        assertEquals("[client_secret_basic, client_secret_post]", metadata.getTokenEndpointAuthMethods().toString());
        assertEquals(1, provider.discoveryFetches());
    }

    @Test
    public void aCodeFlowWithPkceSignsTheConfiguredUserInWithAValidIdToken() throws Exception {
        provider.setUser(BOB);
        CodeFlow flow = flow();
        String code = authorize(flow);

        Map<String, String> request = provider.lastAuthorizationRequest();
        assertEquals(flow.state.getValue(), request.get("state"));
        assertEquals(flow.nonce.getValue(), request.get("nonce"));
        assertEquals("S256", request.get("code_challenge_method"));
        assertEquals(REDIRECT, request.get("redirect_uri"));
        assertEquals("openid profile email", request.get("scope"));
        assertEquals(43, request.get("code_challenge").length());

        HTTPResponse answer = flow.redeem(provider.tokenEndpoint(), SECRET, code);
        assertEquals(200, answer.getStatusCode());
        assertEquals("no-store", answer.getHeaderValue("Cache-Control"));
        assertEquals("Bearer", answer.getBodyAsJSONObject().getAsString("token_type"));
        assertEquals(300L, answer.getBodyAsJSONObject().getAsNumber("expires_in").longValue());
        OIDCTokenResponse tokens = success(answer);
        assertFalse(tokens.getOIDCTokens().getAccessToken().getValue().isEmpty());

        SignedJWT idToken = (SignedJWT) tokens.getOIDCTokens().getIDToken();
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        assertTrue(publishedKeyIds().contains(idToken.getHeader().getKeyID()));
        IDTokenClaimsSet claims = validator(JWSAlgorithm.RS256).validate(idToken, flow.nonce);
        assertEquals("subject-bob", claims.getSubject().getValue());
        assertEquals(List.of(CLIENT), claims.getAudience().stream().map(Object::toString).toList());
        assertEquals(CLIENT, claims.getAuthorizedParty().getValue());
        assertEquals("bob", claims.getStringClaim("preferred_username"));
        assertEquals("Bob Builder", claims.getStringClaim("name"));
        assertEquals("bob@example.test", claims.getStringClaim("email"));
        assertEquals(Boolean.FALSE, claims.getBooleanClaim("email_verified"));
        assertEquals(List.of("fpauth-admins", "fpauth-users"), claims.getStringListClaim("roles"));
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertEquals(300_000, lifetime, 1000);
        assertTrue(Math.abs(claims.getAuthenticationTime().toInstant().getEpochSecond()
                - Instant.now().getEpochSecond()) < 60);
        assertEquals(1, provider.tokenRequests());
        assertEquals(1, provider.authorizationRequests());
    }

    @Test
    public void clientSecretPostIsAcceptedAndAWrongSecretIsNot() throws Exception {
        CodeFlow flow = flow();
        HTTPResponse refused = flow.redeem(provider.tokenEndpoint(),
                new ClientSecretBasic(flow.clientId, new Secret("wrong")), authorize(flow), flow.verifier);
        assertEquals(401, refused.getStatusCode());
        assertEquals("invalid_client", CodeFlow.tokenError(refused));

        CodeFlow second = flow();
        HTTPResponse accepted = second.redeem(provider.tokenEndpoint(),
                new ClientSecretPost(second.clientId, new Secret(SECRET)), authorize(second), second.verifier);
        assertEquals(200, accepted.getStatusCode());
        validator(JWSAlgorithm.RS256).validate(success(accepted).getOIDCTokens().getIDToken(), second.nonce);
    }

    @Test
    public void aReplayedCodeIsRefused() throws Exception {
        CodeFlow flow = flow();
        String code = authorize(flow);
        assertEquals(200, flow.redeem(provider.tokenEndpoint(), SECRET, code).getStatusCode());
        HTTPResponse replay = flow.redeem(provider.tokenEndpoint(), SECRET, code);
        assertEquals(400, replay.getStatusCode());
        assertEquals("invalid_grant", CodeFlow.tokenError(replay));
    }

    @Test
    public void aWrongCodeVerifierIsRefusedAndUsesTheCodeUp() throws Exception {
        CodeFlow flow = flow();
        String code = authorize(flow);
        HTTPResponse wrong = flow.redeem(provider.tokenEndpoint(), new ClientSecretBasic(flow.clientId,
                new Secret(SECRET)), code, new CodeVerifier());
        assertEquals(400, wrong.getStatusCode());
        assertEquals("invalid_grant", CodeFlow.tokenError(wrong));
        assertEquals("invalid_grant", CodeFlow.tokenError(flow.redeem(provider.tokenEndpoint(), SECRET, code)));
    }

    @Test
    public void anAuthorizationRequestWithAnotherRedirectUriOrClientGetsAPageNotARedirect() throws Exception {
        CodeFlow otherRedirect = new CodeFlow(provider.authorizationEndpoint(), CLIENT, REDIRECT + "/evil");
        HttpResponse<String> answer = CodeFlow.get(http, otherRedirect.authorizeUri());
        assertEquals(400, answer.statusCode());
        assertTrue(answer.headers().firstValue("Location").isEmpty());
        assertTrue(answer.body(), answer.body().contains("redirect_uri is not the registered one"));

        CodeFlow otherClient = new CodeFlow(provider.authorizationEndpoint(), "intruder", REDIRECT);
        answer = CodeFlow.get(http, otherClient.authorizeUri());
        assertEquals(400, answer.statusCode());
        assertTrue(answer.headers().firstValue("Location").isEmpty());
        assertEquals("intruder", provider.lastAuthorizationRequest().get("client_id"));
    }

    @Test
    public void pkceWithS256IsRequired() throws Exception {
        CodeFlow flow = flow();
        String withoutPkce = flow.authorizeUri().toString().replaceAll("&code_challenge(_method)?=[^&]*", "");
        Map<String, String> error = CodeFlow.query(redirect(URI.create(withoutPkce)));
        assertEquals("invalid_request", error.get("error"));
        assertEquals(flow.state.getValue(), error.get("state"));

        String plain = flow.authorizeUri().toString().replace("code_challenge_method=S256", "code_challenge_method=plain");
        assertEquals("invalid_request", CodeFlow.query(redirect(URI.create(plain))).get("error"));
    }

    @Test
    public void aDeniedAuthorizationRedirectsWithAccessDeniedAndTheState() throws Exception {
        provider.denyNextAuthorization();
        CodeFlow flow = flow();
        Map<String, String> answer = CodeFlow.query(redirect(flow.authorizeUri()));
        assertEquals("access_denied", answer.get("error"));
        assertEquals(flow.state.getValue(), answer.get("state"));
        assertNull(answer.get("code"));
        // only the next one
        assertFalse(authorize(flow()).isEmpty());
    }

    @Test
    public void eachFlavourIssuesTheIdTokenItNames() throws Exception {
        for (Flavour flavour : Flavour.values()) {
            CodeFlow flow = flow();
            provider.setNextIdTokenFlavour(flavour);
            JWT token = success(flow.redeem(provider.tokenEndpoint(), SECRET, authorize(flow))).getOIDCTokens()
                    .getIDToken();
            JWTClaimsSet claims = token.getJWTClaimsSet();
            String kid = token instanceof SignedJWT signed ? signed.getHeader().getKeyID() : null;
            long now = Instant.now().getEpochSecond();
            switch (flavour) {
                case VALID -> validator(JWSAlgorithm.RS256).validate(token, flow.nonce);
                case WRONG_AUDIENCE -> {
                    assertEquals(List.of(TestOpenIdProvider.OTHER_CLIENT), claims.getAudience());
                    assertEquals(TestOpenIdProvider.OTHER_CLIENT, claims.getStringClaim("azp"));
                }
                case EXTRA_AUDIENCE_WITHOUT_AZP -> {
                    assertEquals(List.of(CLIENT, TestOpenIdProvider.OTHER_CLIENT), claims.getAudience());
                    assertFalse(claims.getClaims().containsKey("azp"));
                    // correctly signed: Nimbus's validator takes it, a stricter relying party must refuse it
                    validator(JWSAlgorithm.RS256).validate(token, flow.nonce);
                }
                case WRONG_AZP -> {
                    assertEquals(List.of(CLIENT, TestOpenIdProvider.OTHER_CLIENT), claims.getAudience());
                    assertEquals(TestOpenIdProvider.OTHER_CLIENT, claims.getStringClaim("azp"));
                    // Nimbus's validator does not compare azp: the relying party must
                    validator(JWSAlgorithm.RS256).validate(token, flow.nonce);
                }
                case WRONG_ISSUER -> assertEquals(provider.issuer() + "/other", claims.getIssuer());
                case EXPIRED -> {
                    assertEquals(now - 600, claims.getExpirationTime().getTime() / 1000, 5);
                    assertEquals(now - 1200, claims.getIssueTime().getTime() / 1000, 5);
                }
                case ISSUED_IN_FUTURE -> assertEquals(now + 600, claims.getIssueTime().getTime() / 1000, 5);
                case WRONG_NONCE -> assertNotEquals(flow.nonce.getValue(), claims.getStringClaim("nonce"));
                case MISSING_NONCE -> assertFalse(claims.getClaims().containsKey("nonce"));
                case ALG_NONE -> {
                    assertTrue(token instanceof PlainJWT);
                    assertEquals("{\"alg\":\"none\"}", token.getHeader().toString());
                    assertTrue(token.serialize().endsWith("."));
                }
                case HS256_WITH_PUBLIC_KEY -> {
                    SignedJWT signed = (SignedJWT) token;
                    assertEquals(JWSAlgorithm.HS256, signed.getHeader().getAlgorithm());
                    RSAKey published = (RSAKey) publishedKeys().getKeyByKeyId(kid);
                    assertTrue(signed.verify(new MACVerifier(published.toRSAPublicKey().getEncoded())));
                }
                case UNKNOWN_KID -> {
                    assertEquals(JWSAlgorithm.RS256, ((SignedJWT) token).getHeader().getAlgorithm());
                    assertFalse(publishedKeyIds().contains(kid));
                }
                case BAD_SIGNATURE -> {
                    RSAKey published = (RSAKey) publishedKeys().getKeyByKeyId(kid);
                    assertFalse(((SignedJWT) token).verify(new RSASSAVerifier(published)));
                }
                case ES256 -> {
                    JWSHeader header = ((SignedJWT) token).getHeader();
                    assertEquals(JWSAlgorithm.ES256, header.getAlgorithm());
                    JWSVerifier verifier = new ECDSAVerifier(publishedKeys().getKeyByKeyId(kid).toECKey());
                    assertTrue(((SignedJWT) token).verify(verifier));
                    validator(JWSAlgorithm.ES256).validate(token, flow.nonce);
                }
            }
            if (!Set.of(Flavour.VALID, Flavour.ES256, Flavour.EXTRA_AUDIENCE_WITHOUT_AZP, Flavour.WRONG_AZP)
                    .contains(flavour)) {
                // the refusal cases that Nimbus's own ID token validator catches
                assertThrows(flavour.name(), BadJOSEException.class,
                        () -> validator(JWSAlgorithm.RS256).validate(token, flow.nonce));
            }
        }
        // a flavour holds for one token only
        CodeFlow flow = flow();
        validator(JWSAlgorithm.RS256).validate(
                success(flow.redeem(provider.tokenEndpoint(), SECRET, authorize(flow))).getOIDCTokens().getIDToken(),
                flow.nonce);
    }

    @Test
    public void rotationPublishesTheNewKeyAtOnceAndCanDropTheOldOnes() throws Exception {
        Set<String> first = rsaKeyIds();
        assertEquals(1, first.size());
        assertEquals(1, publishedKeys().getKeys().stream().filter(key -> key.getKeyType() == KeyType.EC).count());

        provider.rotateKeys();
        Set<String> rotated = rsaKeyIds();
        assertEquals(2, rotated.size());
        assertTrue(rotated.containsAll(first));
        String newKid = signingKeyId();
        assertFalse(first.contains(newKid));
        assertTrue(rotated.contains(newKid));

        provider.rotateKeysAndDropOld();
        Set<String> dropped = rsaKeyIds();
        assertEquals(Set.of(signingKeyId()), dropped);
        assertFalse(dropped.contains(newKid));
        assertEquals(4, provider.jwksFetches());
    }

    @Test
    public void whileDownEveryEndpointAnswers503AndTheFetchesAreCounted() throws Exception {
        provider.setDown(true);
        for (String uri : List.of(provider.discoveryUrl(), provider.jwksUri(), provider.endSessionEndpoint(),
                flow().authorizeUri().toString())) {
            HttpResponse<String> answer = CodeFlow.get(http, URI.create(uri));
            assertEquals(uri, 503, answer.statusCode());
            assertEquals("{\"error\":\"temporarily_unavailable\"}", answer.body());
        }
        assertEquals(503, flow().redeem(provider.tokenEndpoint(), SECRET, "any").getStatusCode());
        assertEquals(1, provider.discoveryFetches());
        assertEquals(1, provider.jwksFetches());
        assertEquals(1, provider.tokenRequests());

        provider.setDown(false);
        assertEquals(200, CodeFlow.get(http, URI.create(provider.discoveryUrl())).statusCode());
        assertEquals(2, provider.discoveryFetches());
    }

    @Test
    public void logoutRecordsItsQueryAndRedirectsOnlyToTheRegisteredUri() throws Exception {
        URI registered = URI.create(provider.endSessionEndpoint() + "?id_token_hint=the.token.hint&client_id=" + CLIENT
                + "&post_logout_redirect_uri=" + URLEncoder.encode(POST_LOGOUT, StandardCharsets.UTF_8) + "&state=s1");
        HttpResponse<String> answer = CodeFlow.get(http, registered);
        assertEquals(302, answer.statusCode());
        assertEquals(POST_LOGOUT + "?state=s1", answer.headers().firstValue("Location").orElseThrow());
        assertEquals(Map.of("id_token_hint", "the.token.hint", "client_id", CLIENT, "post_logout_redirect_uri",
                POST_LOGOUT, "state", "s1"), provider.lastLogoutRequest());

        answer = CodeFlow.get(http, URI.create(provider.endSessionEndpoint()
                + "?post_logout_redirect_uri=http%3A%2F%2Fevil.invalid%2F"));
        assertEquals(400, answer.statusCode());
        assertTrue(answer.headers().firstValue("Location").isEmpty());

        answer = CodeFlow.get(http, URI.create(provider.endSessionEndpoint()));
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("signed out"));
        assertEquals(3, provider.logoutRequests());
    }

    // ---- helpers

    private CodeFlow flow() {
        return new CodeFlow(provider.authorizationEndpoint(), CLIENT, REDIRECT);
    }

    /** Runs the authorization request; returns the code of the redirect, after checking its state. */
    private String authorize(CodeFlow flow) throws Exception {
        Map<String, String> answer = CodeFlow.query(redirect(flow.authorizeUri()));
        assertEquals(flow.state.getValue(), answer.get("state"));
        return answer.get("code");
    }

    /** The Location of the 302 that {@code uri} answers, which must lead to the redirect URI. */
    private String redirect(URI uri) throws Exception {
        HttpResponse<String> answer = CodeFlow.get(http, uri);
        assertEquals(answer.body(), 302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.startsWith(REDIRECT + "?"));
        return location;
    }

    private static OIDCTokenResponse success(HTTPResponse answer) throws ParseException {
        TokenResponse response = OIDCTokenResponseParser.parse(answer);
        assertTrue(answer.getBody(), response.indicatesSuccess());
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private IDTokenValidator validator(JWSAlgorithm algorithm) throws Exception {
        return new IDTokenValidator(new Issuer(provider.issuer()), new ClientID(CLIENT), algorithm, publishedKeys());
    }

    private JWKSet publishedKeys() throws Exception {
        return JWKSet.load(new URL(provider.jwksUri()));
    }

    private Set<String> publishedKeyIds() throws Exception {
        return publishedKeys().getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    private Set<String> rsaKeyIds() throws Exception {
        return publishedKeys().getKeys().stream().filter(key -> key.getKeyType() == KeyType.RSA).map(JWK::getKeyID)
                .collect(Collectors.toSet());
    }

    /** The key id of a freshly issued ID token. */
    private String signingKeyId() throws Exception {
        CodeFlow flow = flow();
        JWT token = success(flow.redeem(provider.tokenEndpoint(), SECRET, authorize(flow))).getOIDCTokens().getIDToken();
        return ((SignedJWT) JWTParser.parse(token.serialize())).getHeader().getKeyID();
    }
}
