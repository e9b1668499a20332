package io.github.fpauth.user.token;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Test;

public class TokenSecretsTest {

    private final TokenSecrets secrets = new TokenSecrets(new SecureRandom());

    @Test
    public void secretsArePrefixed256BitValues() {
        String secret = secrets.next();
        assertTrue(secret, secret.startsWith("fpat_"));
        assertEquals(TokenSecrets.LENGTH, secret.length());
        assertTrue(TokenSecrets.isWellFormed(secret));
        assertNotEquals(secret, secrets.next());
    }

    @Test
    public void onlyExactShapesAreWellFormed() {
        String secret = secrets.next();
        assertFalse(TokenSecrets.isWellFormed(secret + "A"));
        assertFalse(TokenSecrets.isWellFormed(secret.substring(1)));
        assertFalse(TokenSecrets.isWellFormed("fpat_" + "=".repeat(43)));
        assertFalse(TokenSecrets.isWellFormed(null));
        assertTrue(TokenSecrets.looksLikeToken("fpat_x"));
        assertFalse(TokenSecrets.looksLikeToken("password"));
    }

    @Test
    public void theHashIsHexSha256() {
        // SHA-256("abc")
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenSecrets.hash("abc"));
    }

    @Test
    public void bearerHeadersAreOursOnlyWithThePrefix() {
        assertTrue(BearerAuthorization.isOurs("Bearer fpat_abc"));
        assertTrue(BearerAuthorization.isOurs("bearer  fpat_abc "));
        assertEquals("fpat_abc", BearerAuthorization.token("bearer  fpat_abc "));
        assertFalse(BearerAuthorization.isOurs("Bearer abc.def.ghi"));
        assertFalse(BearerAuthorization.isOurs("Bearerfpat_abc"));
        assertFalse(BearerAuthorization.isOurs("Basic fpat_abc"));
        assertFalse(BearerAuthorization.isOurs("Bearer"));
    }
}
