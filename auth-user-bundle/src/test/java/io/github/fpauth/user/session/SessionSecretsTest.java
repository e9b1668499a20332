package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

import io.github.fpauth.user.crypto.SecretHash;

public class SessionSecretsTest {

    private final SessionSecrets secrets = new SessionSecrets(new SecureRandom());

    @Test
    public void secretsCarry256BitsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = secrets.newSecret();
            assertEquals(43, secret.length()); // 32 bytes, base64url without padding
            assertTrue(secret, SessionSecrets.isWellFormed(secret));
            assertTrue("repeated: " + secret, seen.add(secret));
        }
    }

    @Test
    public void publicIdsAreUnrelatedShorterValues() {
        String id = secrets.newPublicId();
        assertEquals(22, id.length()); // 128 bits
        assertFalse("a public id is never accepted as a secret", SessionSecrets.isWellFormed(id));
    }

    @Test
    public void theHashIsStableAndIsNotTheSecret() {
        String secret = secrets.newSecret();
        // As the store spells it in its file.
        assertEquals(SecretHash.of(secret).toBase64Url(), SecretHash.of(secret).toBase64Url());
        assertNotEquals(secret, SecretHash.of(secret).toBase64Url());
        assertNotEquals(SecretHash.of(secret), SecretHash.of(secrets.newSecret()));
    }

    @Test
    public void malformedValuesAreRecognisedBeforeHashing() {
        String good = secrets.newSecret();
        for (String bad : new String[] {null, "", good.substring(1), good + "A", good.substring(1) + "=",
            good.substring(1) + "+", good.substring(1) + "/", good.substring(1) + " ", good.substring(1) + "é"}) {
            assertFalse(String.valueOf(bad), SessionSecrets.isWellFormed(bad));
        }
    }
}
