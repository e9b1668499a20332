package io.github.fpauth.user.token;

import java.security.SecureRandom;
import java.util.Base64;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * Token secrets: {@value #PREFIX} followed by 256 random bits in unpadded base64url (43
 * characters). The prefix lets secret scanners (and people) recognise a leaked token, and lets
 * HTTP Basic tell a token from a password without hashing either. Only the SHA-256 of a secret
 * is stored: with 256 random bits a fast hash is enough, no password hash is needed.
 */
public final class TokenSecrets {

    public static final String PREFIX = "fpat_";
    public static final int RANDOM_BYTES = 32;
    /** The length of every secret. */
    public static final int LENGTH = PREFIX.length() + 43;

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a value is meant as a token (it may still be a wrong one). */
    public static boolean looksLikeToken(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Whether a value has the exact shape of a secret; anything else is refused unhashed. */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != LENGTH || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex SHA-256 of the secret's ASCII, as the store writes it. */
    public static String hash(String secret) {
        return SecretHash.of(secret).toHex();
    }
}
