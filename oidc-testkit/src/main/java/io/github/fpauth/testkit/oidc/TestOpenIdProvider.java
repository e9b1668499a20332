package io.github.fpauth.testkit.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID provider of our own for tests, on a free port of 127.0.0.1, with one registered
 * client: it speaks the authorization code flow with PKCE honestly (single-use codes, exact
 * redirect URI, S256 only, client secret basic or post) and, on request, issues the ID tokens that
 * a real provider never does, so that a relying party's refusals can be tested
 * ({@link #setNextIdTokenFlavour}).
 *
 * <p>There is no login page: {@code /authorize} redirects at once with a code for the configured
 * {@linkplain #setUser signed-in user}. Endpoints, all under {@link #issuer()}:
 * {@code /.well-known/openid-configuration}, {@code /jwks}, {@code /authorize}, {@code /token},
 * {@code /logout} (end session).
 *
 * <p>Keys: an RSA 2048 key signs (RS256); an EC P-256 key (ES256) is published beside it and
 * signs only the {@link Flavour#ES256} tokens. Both have a key id.
 *
 * <p>Outages: {@link #setDown} makes every endpoint answer 503 with
 * {@code {"error":"temporarily_unavailable"}} (the connection itself stays up, so a client sees a
 * failed fetch rather than a hang). The request counters count such refused requests too.
 */
public final class TestOpenIdProvider implements AutoCloseable {

    /** What the next ID token from {@code /token} is like; only {@link #VALID} is acceptable. */
    public enum Flavour {
        VALID,
        /** {@code aud} and {@code azp} are {@value TestOpenIdProvider#OTHER_CLIENT} only. */
        WRONG_AUDIENCE,
        /**
         * {@code aud} is [client, {@value TestOpenIdProvider#OTHER_CLIENT}], and no {@code azp}.
         * OpenID Connect Core (errata set 2) no longer demands {@code azp} for several audiences,
         * and Nimbus's {@code IDTokenValidator} accepts this token: refusing it is a relying party's
         * stricter policy.
         */
        EXTRA_AUDIENCE_WITHOUT_AZP,
        /**
         * {@code aud} is [client, {@value TestOpenIdProvider#OTHER_CLIENT}], {@code azp} the other
         * client. Nimbus's {@code IDTokenValidator} (11.30) does not compare {@code azp}: the
         * relying party must.
         */
        WRONG_AZP,
        /** {@code iss} is the issuer followed by {@code /other}: a prefix match would take it. */
        WRONG_ISSUER,
        /** {@code exp} 10 minutes ago, {@code iat} and {@code auth_time} 20 minutes ago. */
        EXPIRED,
        /** {@code iat} in 10 minutes ({@code exp} in 15). */
        ISSUED_IN_FUTURE,
        /** A {@code nonce} other than the authorization request's. */
        WRONG_NONCE,
        /** No {@code nonce} claim. */
        MISSING_NONCE,
        /** An unsecured JWT: header {@code {"alg":"none"}}, empty signature. */
        ALG_NONE,
        /**
         * HS256, keyed with the published RSA public key's encoded bytes (its X.509
         * SubjectPublicKeyInfo DER, {@code RSAPublicKey.getEncoded()}), the header naming the RSA
         * key's id: the key-confusion attack on relying parties that take the algorithm from the token.
         */
        HS256_WITH_PUBLIC_KEY,
        /** RS256 by a key that {@code /jwks} never published, with a key id of its own. */
        UNKNOWN_KID,
        /** A valid RS256 token whose signature has one byte flipped. */
        BAD_SIGNATURE,
        /** A valid token signed by the published EC P-256 key (ES256). */
        ES256
    }

    /** The user that {@code /authorize} signs in; {@code roles} becomes the claim {@code roles}. */
    public record User(String subject, String preferredUsername, String name, String email, boolean emailVerified,
            List<String> roles) {

        public User {
            Objects.requireNonNull(subject, "subject");
            roles = List.copyOf(roles);
        }
    }

    /** The other client of the wrong-audience flavours. */
    public static final String OTHER_CLIENT = "another-client";

    /** The user signed in until {@link #setUser} says otherwise. */
    public static final User DEFAULT_USER = new User("subject-alice", "alice", "Alice Liddell", "alice@example.test",
            true, List.of());

    private static final String HOST = "127.0.0.1";
    private static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final int ACCESS_TOKEN_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuer;

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicReference<Flavour> nextFlavour = new AtomicReference<>(Flavour.VALID);
    private final AtomicBoolean denyNextAuthorization = new AtomicBoolean();
    private volatile User user = DEFAULT_USER;
    private volatile String postLogoutRedirectUri;
    private volatile boolean down;
    private volatile Map<String, String> lastAuthorizationRequest = Map.of();
    private volatile Map<String, String> lastLogoutRequest = Map.of();

    private final AtomicInteger discoveryFetches = new AtomicInteger();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger authorizationRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger logoutRequests = new AtomicInteger();

    /** Guards the RSA keys: the signing key and the published ones (the signing key first). */
    private final Object keys = new Object();
    private RSAKey signingKey;
    private List<RSAKey> publishedRsaKeys;
    private final ECKey ecKey;

    private TestOpenIdProvider(String clientId, String clientSecret, String redirectUri) throws IOException {
        this.clientId = requireText(clientId, "client id");
        this.clientSecret = requireText(clientSecret, "client secret");
        this.redirectUri = requireText(redirectUri, "redirect URI");
        this.signingKey = newRsaKey();
        this.publishedRsaKeys = List.of(signingKey);
        this.ecKey = newEcKey();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
        this.issuer = "http://" + HOST + ":" + server.getAddress().getPort();
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-openid-provider");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        endpoint("/.well-known/openid-configuration", "GET", discoveryFetches, this::discovery);
        endpoint("/jwks", "GET", jwksFetches, this::jwks);
        endpoint("/authorize", "GET", authorizationRequests, this::authorize);
        endpoint("/token", "POST", tokenRequests, this::token);
        endpoint("/logout", "GET", logoutRequests, this::logout);
        server.start();
    }

    /**
     * Starts a provider with one registered client.
     *
     * @param redirectUri the client's only redirect URI, compared exactly
     */
    public static TestOpenIdProvider start(String clientId, String clientSecret, String redirectUri) {
        try {
            return new TestOpenIdProvider(clientId, clientSecret, redirectUri);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test OpenID provider on " + HOST, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash; also the base of every endpoint. */
    public String issuer() {
        return issuer;
    }

    public String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    public String authorizationEndpoint() {
        return issuer + "/authorize";
    }

    public String tokenEndpoint() {
        return issuer + "/token";
    }

    public String jwksUri() {
        return issuer + "/jwks";
    }

    public String endSessionEndpoint() {
        return issuer + "/logout";
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /** The one URI {@code /logout} redirects to (compared exactly); none until set. */
    public void setPostLogoutRedirectUri(String uri) {
        this.postLogoutRedirectUri = uri;
    }

    /** The user that the following authorization requests sign in. */
    public void setUser(User user) {
        this.user = Objects.requireNonNull(user, "user");
    }

    /** The kind of the next ID token {@code /token} issues; the ones after it are {@link Flavour#VALID}. */
    public void setNextIdTokenFlavour(Flavour flavour) {
        nextFlavour.set(Objects.requireNonNull(flavour, "flavour"));
    }

    /** The next authorization request is answered with {@code error=access_denied} (and its state). */
    public void denyNextAuthorization() {
        denyNextAuthorization.set(true);
    }

    /** While down, every endpoint answers 503 {@code {"error":"temporarily_unavailable"}}. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /**
     * A new RSA key with a new key id signs from now on; {@code /jwks} publishes it at once,
     * beside the keys published before (tokens signed earlier still verify).
     */
    public void rotateKeys() {
        RSAKey key = newRsaKey();
        synchronized (keys) {
            List<RSAKey> published = new ArrayList<>();
            published.add(key);
            published.addAll(publishedRsaKeys);
            signingKey = key;
            publishedRsaKeys = List.copyOf(published);
        }
    }

    /** Like {@link #rotateKeys()}, but {@code /jwks} drops every earlier RSA key: only the new one is left. */
    public void rotateKeysAndDropOld() {
        RSAKey key = newRsaKey();
        synchronized (keys) {
            signingKey = key;
            publishedRsaKeys = List.of(key);
        }
    }

    public int discoveryFetches() {
        return discoveryFetches.get();
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int authorizationRequests() {
        return authorizationRequests.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int logoutRequests() {
        return logoutRequests.get();
    }

    /**
     * The query parameters of the last request to {@code /authorize}, as received (refused ones
     * too): {@code state}, {@code nonce}, {@code code_challenge}, {@code code_challenge_method},
     * {@code redirect_uri}, {@code scope}...; empty before the first.
     */
    public Map<String, String> lastAuthorizationRequest() {
        return lastAuthorizationRequest;
    }

    /** The query parameters of the last request to {@code /logout}; empty before the first. */
    public Map<String, String> lastLogoutRequest() {
        return lastLogoutRequest;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "TestOpenIdProvider[" + issuer + ", client " + clientId + "]";
    }

    // ---- endpoints

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, JOSEException;
    }

    private void endpoint(String path, String method, AtomicInteger counter, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                // a context matches every path that starts with its own
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    page(exchange, 404, "Not found");
                    return;
                }
                counter.incrementAndGet();
                if (down) {
                    json(exchange, 503, Map.of("error", "temporarily_unavailable"));
                } else if (!exchange.getRequestMethod().equals(method)) {
                    exchange.getResponseHeaders().set("Allow", method);
                    page(exchange, 405, exchange.getRequestMethod() + " not allowed; use " + method);
                } else {
                    handler.handle(exchange);
                }
            } catch (JOSEException | RuntimeException e) {
                page(exchange, 500, "test OpenID provider failed: " + e);
            } finally {
                exchange.close();
            }
        });
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", authorizationEndpoint());
        document.put("token_endpoint", tokenEndpoint());
        document.put("jwks_uri", jwksUri());
        document.put("end_session_endpoint", endSessionEndpoint());
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("scopes_supported", List.of("openid", "profile", "email"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        json(exchange, 200, document);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        List<JWK> published;
        synchronized (keys) {
            published = new ArrayList<>(publishedRsaKeys);
        }
        published.add(ecKey);
        respond(exchange, 200, "application/json", new JWKSet(published).toString(true));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> request;
        try {
            request = parameters(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            page(exchange, 400, "Invalid authorization request: " + e.getMessage());
            return;
        }
        lastAuthorizationRequest = request;
        // without the right client and redirect URI there is nowhere safe to send an error to
        if (!clientId.equals(request.get("client_id"))) {
            page(exchange, 400, "Unknown client_id: " + request.get("client_id"));
            return;
        }
        if (!redirectUri.equals(request.get("redirect_uri"))) {
            page(exchange, 400, "redirect_uri is not the registered one: " + request.get("redirect_uri"));
            return;
        }
        String state = request.get("state");
        String scope = request.getOrDefault("scope", "");
        if (denyNextAuthorization.getAndSet(false)) {
            redirectError(exchange, "access_denied", "the user denied the request", state);
        } else if (!"code".equals(request.get("response_type"))) {
            redirectError(exchange, "unsupported_response_type", "only response_type=code", state);
        } else if (!List.of(scope.split(" ")).contains("openid")) {
            redirectError(exchange, "invalid_scope", "scope must include openid", state);
        } else if (request.get("code_challenge") == null) {
            redirectError(exchange, "invalid_request", "PKCE required: no code_challenge", state);
        } else if (!"S256".equals(request.get("code_challenge_method"))) {
            redirectError(exchange, "invalid_request", "code_challenge_method must be S256", state);
        } else {
            String code = randomToken();
            codes.put(code, new Grant(redirectUri, request.get("code_challenge"), request.get("nonce"), user,
                    Instant.now()));
            redirect(exchange, withQuery(redirectUri, "code", code, "state", state));
        }
    }

    private void token(HttpExchange exchange) throws IOException, JOSEException {
        Map<String, String> form;
        try {
            form = parameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            tokenError(exchange, 400, "invalid_request", e.getMessage());
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        String[] credentials;
        if (basic && form.containsKey("client_secret")) {
            tokenError(exchange, 400, "invalid_request", "more than one client authentication method");
            return;
        } else if (basic) {
            credentials = basicCredentials(authorization.substring(6).trim());
        } else {
            credentials = new String[] {form.get("client_id"), form.get("client_secret")};
        }
        if (credentials == null || !clientId.equals(credentials[0]) || !clientSecret.equals(credentials[1])) {
            if (basic) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"test-openid-provider\"");
            }
            tokenError(exchange, 401, "invalid_client", "client authentication failed");
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            tokenError(exchange, 400, "unsupported_grant_type", "only authorization_code");
            return;
        }
        // single use: the code is gone with its first redemption, whether that succeeds or not
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null) {
            tokenError(exchange, 400, "invalid_grant", "unknown or already used code");
        } else if (!grant.redirectUri.equals(form.get("redirect_uri"))) {
            tokenError(exchange, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
        } else if (form.get("code_verifier") == null
                || !grant.codeChallenge.equals(s256(form.get("code_verifier")))) {
            tokenError(exchange, 400, "invalid_grant", "PKCE verification failed");
        } else {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("access_token", randomToken());
            answer.put("token_type", "Bearer");
            answer.put("expires_in", ACCESS_TOKEN_SECONDS);
            answer.put("id_token", idToken(nextFlavour.getAndSet(Flavour.VALID), grant));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Pragma", "no-cache");
            json(exchange, 200, answer);
        }
    }

    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> request;
        try {
            request = parameters(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            page(exchange, 400, "Invalid logout request: " + e.getMessage());
            return;
        }
        lastLogoutRequest = request;
        String target = request.get("post_logout_redirect_uri");
        if (request.containsKey("client_id") && !clientId.equals(request.get("client_id"))) {
            page(exchange, 400, "Unknown client_id: " + request.get("client_id"));
        } else if (target == null) {
            page(exchange, 200, "You are signed out.");
        } else if (target.equals(postLogoutRedirectUri)) {
            redirect(exchange, withQuery(target, "state", request.get("state")));
        } else {
            page(exchange, 400, "post_logout_redirect_uri is not the registered one: " + target);
        }
    }

    // ---- ID tokens

    /** What an authorization code stands for. */
    private record Grant(String redirectUri, String codeChallenge, String nonce, User user, Instant authTime) {
    }

    private String idToken(Flavour flavour, Grant grant) throws JOSEException {
        Instant now = Instant.now();
        Instant issuedAt = now;
        Instant expires = now.plus(ID_TOKEN_LIFETIME);
        Instant authTime = grant.authTime;
        String nonce = grant.nonce;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(grant.user.subject())
                .audience(clientId).claim("azp", clientId);
        switch (flavour) {
            case WRONG_AUDIENCE -> claims.audience(OTHER_CLIENT).claim("azp", OTHER_CLIENT);
            case EXTRA_AUDIENCE_WITHOUT_AZP -> claims.audience(List.of(clientId, OTHER_CLIENT)).claim("azp", null);
            case WRONG_AZP -> claims.audience(List.of(clientId, OTHER_CLIENT)).claim("azp", OTHER_CLIENT);
            case WRONG_ISSUER -> claims.issuer(issuer + "/other");
            case EXPIRED -> {
                issuedAt = now.minus(Duration.ofMinutes(20));
                authTime = issuedAt;
                expires = now.minus(Duration.ofMinutes(10));
            }
            case ISSUED_IN_FUTURE -> {
                issuedAt = now.plus(Duration.ofMinutes(10));
                expires = issuedAt.plus(ID_TOKEN_LIFETIME);
            }
            case WRONG_NONCE -> nonce = randomToken();
            case MISSING_NONCE -> nonce = null;
            default -> {
                // the others differ in the signature only
            }
        }
        claims.issueTime(Date.from(issuedAt)).expirationTime(Date.from(expires))
                .claim("auth_time", authTime.getEpochSecond());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        User signedIn = grant.user;
        claims.claim("preferred_username", signedIn.preferredUsername()).claim("name", signedIn.name())
                .claim("email", signedIn.email()).claim("email_verified", signedIn.emailVerified())
                .claim("roles", signedIn.roles());
        return sign(flavour, claims.build());
    }

    private String sign(Flavour flavour, JWTClaimsSet claims) throws JOSEException {
        RSAKey rsa;
        synchronized (keys) {
            rsa = signingKey;
        }
        return switch (flavour) {
            case ALG_NONE -> new PlainJWT(claims).serialize();
            case HS256_WITH_PUBLIC_KEY -> signed(claims, JWSAlgorithm.HS256, rsa.getKeyID(),
                    new MACSigner(rsa.toRSAPublicKey().getEncoded()));
            case UNKNOWN_KID -> {
                RSAKey unpublished = newRsaKey();
                yield signed(claims, JWSAlgorithm.RS256, unpublished.getKeyID(), new RSASSASigner(unpublished));
            }
            case ES256 -> signed(claims, JWSAlgorithm.ES256, ecKey.getKeyID(), new ECDSASigner(ecKey));
            case BAD_SIGNATURE -> {
                String[] parts = signed(claims, JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa)).split("\\.");
                byte[] signature = new Base64URL(parts[2]).decode();
                signature[signature.length / 2] ^= 0x01;
                yield parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
            }
            default -> signed(claims, JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa));
        };
    }

    private static String signed(JWTClaimsSet claims, JWSAlgorithm algorithm, String keyId, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("rsa-" + randomToken().substring(0, 12)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("ec-" + randomToken().substring(0, 12)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    // ---- HTTP

    /**
     * Form or query parameters; a repeated one is refused, as OAuth 2.0 requires.
     *
     * @throws IllegalArgumentException for a repeated parameter
     */
    private static Map<String, String> parameters(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (parameters.put(name, value) != null) {
                throw new IllegalArgumentException("parameter " + name + " given more than once");
            }
        }
        return parameters;
    }

    /** client_secret_basic: base64 of the form-encoded id and secret, joined by a colon; null if malformed. */
    private static String[] basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    }

    /** {@code uri} with the pairs of {@code nameValues} whose value is not null added to its query. */
    private static String withQuery(String uri, String... nameValues) {
        StringBuilder result = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                result.append(separator).append(nameValues[i]).append('=')
                        .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return result.toString();
    }

    private void redirectError(HttpExchange exchange, String error, String description, String state)
            throws IOException {
        redirect(exchange, withQuery(redirectUri, "error", error, "error_description", description, "state", state));
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void tokenError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        json(exchange, status, Map.of("error", error, "error_description", description));
    }

    private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        respond(exchange, status, "application/json", JSONObjectUtils.toJSONString(body));
    }

    private static void page(HttpExchange exchange, int status, String message) throws IOException {
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        respond(exchange, status, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Test OpenID provider"
                + "</title></head><body><p>" + escaped + "</p></body></html>");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException("blank " + what);
        }
        return value;
    }
}
