package io.github.fpauth.user.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of session and token secrets, on every request that carries one: a clone of one
 * prototype digest, so the request path neither looks up a provider nor shares a digest's
 * state between threads.
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = prototype();

    private Sha256() {
    }

    /** SHA-256 of {@code text}'s US-ASCII bytes (secrets are ASCII; others map to '?'). */
    public static byte[] ofAscii(String text) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            digest = prototype();
        }
        return digest.digest(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
