package io.github.fpauth.user.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Test;

public class SignedTokensTest {

    private final byte[] key = new byte[32];
    private final SignedTokens tokens;

    public SignedTokensTest() {
        new SecureRandom().nextBytes(key);
        tokens = new SignedTokens(key);
    }

    @Test
    public void fieldsComeBackAndTheSignatureHoldsOnlyForTheSameBindings() {
        String token = tokens.sign(List.of("1", "alice", "42"), "hash", "factor");
        SignedTokens.Parsed parsed = tokens.parse(token, 3).orElseThrow();
        assertEquals("alice", parsed.field(1));
        assertTrue(parsed.isSignedFor("hash", "factor"));
        assertFalse(parsed.isSignedFor("hash", "other"));
        assertFalse("values cannot shift between bindings", parsed.isSignedFor("hashfactor"));
        assertFalse(parsed.isSignedFor("hash", "factor", ""));
        assertFalse(new SignedTokens(new byte[32]).parse(token, 3).orElseThrow().isSignedFor("hash", "factor"));
    }

    @Test
    public void anotherShapeIsNoToken() {
        String token = tokens.sign(List.of("1", "alice"));
        assertTrue(tokens.parse(token, 3).isEmpty());
        assertTrue(tokens.parse("!!!.???", 2).isEmpty());
        assertTrue(tokens.parse("no-dot", 2).isEmpty());
        assertTrue(tokens.parse(null, 2).isEmpty());
    }
}
