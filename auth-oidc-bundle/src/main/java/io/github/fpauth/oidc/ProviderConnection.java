package io.github.fpauth.oidc;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * What this site knows of one provider once it has read its discovery document: the endpoints,
 * and the ID token validator over the provider's signing keys.
 *
 * <p>The keys come from the provider's JWKS URL and are cached; a token signed by a key the cache
 * does not hold (the provider rotated its keys) makes the cache fetch the set again, at most once
 * every {@value #JWKS_MIN_REFETCH_MILLIS} ms, so a stream of tokens with made-up key ids cannot make
 * this site hammer the provider. Only RS256 and ES256 signatures are accepted: an unsigned token
 * ({@code alg: none}) or one MACed with HS256 (keyed with the public key, the classic confusion) is
 * refused whatever it says.
 */
final class ProviderConnection {

    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final long JWKS_MIN_REFETCH_MILLIS = 30_000;
    private static final long JWKS_CACHE_MILLIS = 15 * 60_000;
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;

    final OIDCProviderMetadata metadata;
    final IDTokenValidator validator;

    private ProviderConnection(OIDCProviderMetadata metadata, IDTokenValidator validator) {
        this.metadata = metadata;
        this.validator = validator;
    }

    /**
     * Reads the provider's discovery document (its issuer must be the configured one, exactly) and
     * sets up the key cache.
     *
     * @throws IOException when the provider cannot be reached or its document is unusable
     */
    static ProviderConnection discover(OidcSettings settings) throws IOException {
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer), settings.timeoutMillis,
                    settings.timeoutMillis);
        } catch (GeneralException e) {
            throw new IOException("unusable discovery document: " + e.getMessage(), e);
        }
        URI jwks = metadata.getJWKSetURI();
        if (jwks == null || metadata.getTokenEndpointURI() == null || metadata.getAuthorizationEndpointURI() == null) {
            throw new IOException("the discovery document names no jwks_uri, token or authorization endpoint");
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwks.toURL(),
                    new DefaultResourceRetriever(settings.timeoutMillis, settings.timeoutMillis, JWKS_SIZE_LIMIT))
                    .cache(JWKS_CACHE_MILLIS, settings.timeoutMillis)
                    .rateLimited(JWKS_MIN_REFETCH_MILLIS)
                    .refreshAheadCache(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("unusable jwks_uri " + jwks + ": " + e.getMessage(), e);
        }
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId),
                new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys), null);
        validator.setMaxClockSkew(settings.clockSkewSeconds);
        return new ProviderConnection(metadata, validator);
    }
}
