package io.github.fpauth.user.totp;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The shared key of one account's authenticator: 160 bits (RFC 4226 recommends the HMAC-SHA-1
 * output length) from a secure random source. Its {@link #toString()} never shows the key, so a
 * log line or an exception message that mentions it leaks nothing.
 */
public final class TotpSecret {

    /** Bytes of a new secret: 160 bits. */
    public static final int LENGTH = 20;

    private final byte[] key;

    private TotpSecret(byte[] key) {
        this.key = key;
    }

    public static TotpSecret generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new TotpSecret(key);
    }

    /** The secret written as {@link #base32()}; {@link IllegalArgumentException} if it is not one. */
    public static TotpSecret fromBase32(String text) {
        byte[] key = Base32.decode(text);
        if (key.length < 16) {
            throw new IllegalArgumentException("a TOTP secret has at least 128 bits");
        }
        return new TotpSecret(key);
    }

    /** The key as authenticator apps take it: RFC 4648 base 32, upper case, no padding. */
    public String base32() {
        return Base32.encode(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TotpSecret && java.security.MessageDigest.isEqual(key, ((TotpSecret) other).key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "TotpSecret[" + key.length * 8 + " bits, not shown]";
    }
}
