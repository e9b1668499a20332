package io.github.fpauth.oidc;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import javax.servlet.http.HttpServletResponse;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

/**
 * The authorization code flow with PKCE against one provider: where to send the browser, and what
 * the callback's code is worth once exchanged and its ID token verified.
 *
 * <p>The provider's discovery document is read on first use, not at start (a provider down at
 * start must not keep the bundle from starting), and read again after a failure, at most once
 * every {@value #RETRY_MILLIS} ms so that a provider down costs each click no more than a page.
 */
final class CodeFlow {

    static final long RETRY_MILLIS = 10_000;

    private final OidcSettings settings;
    private volatile ProviderConnection connection;
    private volatile long lastFailureMillis = Long.MIN_VALUE / 2;
    private volatile String lastFailure = "";

    CodeFlow(OidcSettings settings) {
        this.settings = settings;
    }

    OidcSettings settings() {
        return settings;
    }

    /** The provider's authorization endpoint with this sign-in's state, nonce and code challenge. */
    URI authorizationRequest(PendingAuthorization pending) throws SignInFailure {
        ProviderConnection provider = connection();
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes.toArray(new String[0])),
                new ClientID(settings.clientId), settings.redirectUri)
                .endpointURI(provider.metadata.getAuthorizationEndpointURI())
                .state(pending.state)
                .nonce(pending.nonce)
                .codeChallenge(pending.verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /**
     * Exchanges the code (with the PKCE verifier, the client's secret and the fixed redirect URI) and
     * verifies the ID token: signature with a key of the provider (RS256/ES256), issuer, audience
     * and authorized party, expiry and issue time with the configured skew, and the nonce.
     */
    IDTokenClaimsSet exchange(String code, PendingAuthorization pending) throws SignInFailure {
        ProviderConnection provider = connection();
        TokenRequest request = new TokenRequest(provider.metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(settings.clientId), new Secret(settings.clientSecret)),
                new AuthorizationCodeGrant(new AuthorizationCode(code), settings.redirectUri, pending.verifier));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(settings.timeoutMillis);
        http.setReadTimeout(settings.timeoutMillis);
        http.setFollowRedirects(false);
        TokenResponse response;
        try {
            HTTPResponse answer = http.send();
            response = OIDCTokenResponseParser.parse(answer);
        } catch (IOException e) {
            throw new SignInFailure(HttpServletResponse.SC_BAD_GATEWAY, unreachable(),
                    "the token endpoint cannot be reached: " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new SignInFailure(HttpServletResponse.SC_BAD_GATEWAY, unusable(),
                    "the token endpoint's answer is unusable: " + e.getMessage(), e);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            if (error.getHTTPStatusCode() >= 500) {
                throw new SignInFailure(HttpServletResponse.SC_BAD_GATEWAY, unreachable(), "the token endpoint failed: "
                        + error.getCode() + " (" + error.getHTTPStatusCode() + ")");
            }
            throw new SignInFailure(HttpServletResponse.SC_BAD_REQUEST, "The provider did not accept this sign-in"
                    + " (it may have been used already). Start again.", "the token endpoint refused the code: "
                    + error.getCode() + " (" + error.getHTTPStatusCode() + ")");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new SignInFailure(HttpServletResponse.SC_BAD_GATEWAY, unusable(), "the token answer has no ID token");
        }
        IDTokenClaimsSet claims;
        try {
            claims = provider.validator.validate(idToken, pending.nonce);
        } catch (BadJOSEException | JOSEException e) {
            throw refused("the ID token is refused: " + e.getMessage(), e);
        }
        checkAuthorizedParty(claims);
        return claims;
    }

    /**
     * The authorized party, which Nimbus leaves to the relying party: when the token names one it
     * must be this client, and a token for several audiences must name it (OpenID Connect Core
     * 3.1.3.7, points 4 and 5, in their stricter first reading): a token another client obtained
     * is never taken.
     */
    private void checkAuthorizedParty(IDTokenClaimsSet claims) throws SignInFailure {
        com.nimbusds.openid.connect.sdk.claims.AuthorizedParty azp = claims.getAuthorizedParty();
        if (azp != null && !settings.clientId.equals(azp.getValue())) {
            throw refused("the ID token's azp is another client", null);
        }
        if (azp == null && claims.getAudience().size() > 1) {
            throw refused("the ID token names several audiences and no azp", null);
        }
    }

    private SignInFailure refused(String reason, Exception cause) {
        return new SignInFailure(HttpServletResponse.SC_UNAUTHORIZED, "The provider's answer could not be verified."
                + " Start again.", reason, cause);
    }

    /** The provider's end-session endpoint when its discovery document was read and names one. */
    Optional<URI> endSessionEndpoint() {
        ProviderConnection provider = connection;
        return provider == null ? Optional.empty() : Optional.ofNullable(provider.metadata.getEndSessionEndpointURI());
    }

    private ProviderConnection connection() throws SignInFailure {
        ProviderConnection current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection != null) {
                return connection;
            }
            if (System.currentTimeMillis() - lastFailureMillis < RETRY_MILLIS) {
                throw new SignInFailure(HttpServletResponse.SC_SERVICE_UNAVAILABLE, unreachable(),
                        "the provider failed less than " + RETRY_MILLIS / 1000 + " s ago: " + lastFailure);
            }
            try {
                connection = ProviderConnection.discover(settings);
                return connection;
            } catch (IOException | RuntimeException e) {
                lastFailureMillis = System.currentTimeMillis();
                lastFailure = String.valueOf(e.getMessage());
                throw new SignInFailure(HttpServletResponse.SC_SERVICE_UNAVAILABLE, unreachable(),
                        "discovery at " + settings.issuer + " failed: " + e.getMessage(), e);
            }
        }
    }

    private String unreachable() {
        return settings.label + " cannot be reached right now. Try again in a moment, or sign in with a password.";
    }

    private String unusable() {
        return settings.label + " gave an answer that cannot be used. Try again later.";
    }
}
