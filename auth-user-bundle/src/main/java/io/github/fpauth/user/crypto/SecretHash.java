package io.github.fpauth.user.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The SHA-256 of a secret (a session cookie, an access token): what the stores keep instead of
 * the secret, and the key they find it by. A map key of four longs, not a string: a lookup encodes
 * nothing, its hash code is the digest's first four bytes (uniform already), and equality is one
 * branch-free comparison of the four (constant time, without a loop over 32 bytes).
 */
public final class SecretHash {

    public static final int LENGTH = 32;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private SecretHash(byte[] sum) {
        ByteBuffer words = ByteBuffer.wrap(sum);
        this.a = words.getLong();
        this.b = words.getLong();
        this.c = words.getLong();
        this.d = words.getLong();
    }

    /** Hashes {@code secret}'s US-ASCII bytes (secrets are ASCII; anything else maps to '?'). */
    public static SecretHash of(String secret) {
        return digest(newDigest(), secret);
    }

    /**
     * A stored hash, spelled exactly as {@link #toBase64Url} spells it; {@link IllegalArgumentException}
     * otherwise. The decoder alone also takes padding and stray low bits: a damaged store must not
     * come back as a hash that resolves.
     */
    public static SecretHash fromBase64Url(String text) {
        SecretHash hash = checked(Base64.getUrlDecoder().decode(text));
        if (!hash.toBase64Url().equals(text)) {
            throw new IllegalArgumentException("a stored hash is unpadded base64url of " + LENGTH + " bytes");
        }
        return hash;
    }

    /**
     * A stored hash, spelled exactly as {@link #toHex} spells it (64 lower-case hex digits);
     * {@link IllegalArgumentException} otherwise.
     */
    public static SecretHash fromHex(String text) {
        boolean lowerHex = text.length() == 2 * LENGTH;
        for (int i = 0; lowerHex && i < text.length(); i++) {
            char c = text.charAt(i);
            lowerHex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
        }
        if (!lowerHex) {
            throw new IllegalArgumentException("a stored hash is " + 2 * LENGTH + " lower-case hex digits");
        }
        return checked(HEX.parseHex(text));
    }

    public String toBase64Url() {
        return BASE64URL.encodeToString(bytes());
    }

    /** Lower-case hex. */
    public String toHex() {
        return HEX.formatHex(bytes());
    }

    private byte[] bytes() {
        return ByteBuffer.allocate(LENGTH).putLong(a).putLong(b).putLong(c).putLong(d).array();
    }

    /** A SHA-256 just computed (by {@link SecretHasher}). */
    static SecretHash of(byte[] sum) {
        return checked(sum);
    }

    static SecretHash digest(MessageDigest digest, String secret) {
        return new SecretHash(digest.digest(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static SecretHash checked(byte[] sum) {
        if (sum.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 has " + LENGTH + " bytes, not " + sum.length);
        }
        return new SecretHash(sum);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SecretHash)) {
            return false;
        }
        SecretHash that = (SecretHash) other;
        // Constant time: how much of a stored hash a guess matched must not show in the timing.
        return ((a ^ that.a) | (b ^ that.b) | (c ^ that.c) | (d ^ that.d)) == 0;
    }

    @Override
    public int hashCode() {
        return (int) (a >>> 32);
    }

    @Override
    public String toString() {
        return "SecretHash[" + toHex().substring(0, 8) + "...]";
    }
}
