package io.github.fpauth.testkit.oidc;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;

/** One authorization code flow with PKCE, as a relying party runs it: fresh state, nonce and verifier. */
final class CodeFlow {

    final State state = new State();
    final Nonce nonce = new Nonce();
    final CodeVerifier verifier = new CodeVerifier();
    final URI redirectUri;
    final ClientID clientId;
    private final URI authorizationEndpoint;

    CodeFlow(String authorizationEndpoint, String clientId, String redirectUri) {
        this.authorizationEndpoint = URI.create(authorizationEndpoint);
        this.clientId = new ClientID(clientId);
        this.redirectUri = URI.create(redirectUri);
    }

    URI authorizeUri() {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "email"), clientId,
                redirectUri).endpointURI(authorizationEndpoint).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
    }

    /** Redeems {@code code} at the token endpoint with client_secret_basic and this flow's verifier. */
    HTTPResponse redeem(String tokenEndpoint, String clientSecret, String code) throws IOException {
        return redeem(tokenEndpoint, new ClientSecretBasic(clientId, new Secret(clientSecret)), code, verifier);
    }

    HTTPResponse redeem(String tokenEndpoint, ClientAuthentication authentication, String code,
            CodeVerifier codeVerifier) throws IOException {
        return new TokenRequest.Builder(URI.create(tokenEndpoint), authentication,
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, codeVerifier)).build()
                .toHTTPRequest().send();
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A browser session: a cookie jar of its own, redirects not followed. */
    static HttpClient httpClientWithCookies() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new LoopbackCookies())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Cookies as a browser keeps them for 127.0.0.1: Keycloak marks its cookies Secure even over
     * HTTP, and browsers send them to the loopback address (a potentially trustworthy origin),
     * while Java's CookieManager sends Secure cookies over HTTPS only.
     */
    private static final class LoopbackCookies extends CookieHandler {

        private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            URI asSecure = "127.0.0.1".equals(uri.getHost()) ? URI.create("https" + uri.toString().substring(
                    uri.getScheme().length())) : uri;
            return jar.get(asSecure, requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            jar.put(uri, responseHeaders);
        }
    }

    static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> query(String location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(location).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** The {@code error} of a token error response. */
    static String tokenError(HTTPResponse response) throws ParseException {
        return response.getBodyAsJSONObject().getAsString("error");
    }
}
