package io.github.fpauth.user.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random values of sessions. Secrets are 256 bits from a {@link SecureRandom}, base64url without
 * padding (43 characters); the store keeps only their SHA-256
 * ({@link io.github.fpauth.user.crypto.SecretHash}), so a leaked session file logs nobody in. A
 * fast hash is enough: the secret has full entropy, there is nothing to guess.
 */
public final class SessionSecrets {

    static final int SECRET_BYTES = 32;
    static final int SECRET_LENGTH = 43;
    static final int PUBLIC_ID_BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    public SessionSecrets(SecureRandom random) {
        this.random = random;
    }

    /** A new session secret, the cookie value. */
    public String newSecret() {
        return random(SECRET_BYTES);
    }

    /** A new public id: 128 random bits, unrelated to the secret. */
    public String newPublicId() {
        return random(PUBLIC_ID_BYTES);
    }

    /** A new token of 256 random bits (e.g. a CSRF token). */
    public String newToken() {
        return random(SECRET_BYTES);
    }

    private String random(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return ENCODER.encodeToString(value);
    }

    /** Could {@code value} be a secret this class made? Cheap; checked before hashing. */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != SECRET_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
