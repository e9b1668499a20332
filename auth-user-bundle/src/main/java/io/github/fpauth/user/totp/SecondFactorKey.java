package io.github.fpauth.user.totp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the second factor: 256 bits that every node of one deployment shares, never stored
 * with the users. Two keys are derived from it (HMAC-SHA256 of a label, so neither reveals the
 * other): one seals authenticator secrets at rest ({@link SecondFactorSeal}), one signs the
 * half-signed-in state between the password and the code ({@link PendingSignIns}).
 *
 * <p>Written as base 64 (standard or URL alphabet, padding optional) of exactly 32 bytes.
 * Its {@link #toString()} never shows it.
 */
public final class SecondFactorKey {

    public static final int LENGTH = 32;
    private static final String HMAC = "HmacSHA256";

    private final byte[] sealKey;
    private final byte[] signInKey;

    private SecondFactorKey(byte[] master) {
        if (master.length != LENGTH) {
            throw new IllegalArgumentException("the second-factor key must be " + LENGTH + " bytes, base 64 encoded"
                    + " (e.g. the output of: openssl rand -base64 32)");
        }
        this.sealKey = derive(master, "fpauth second factor: seal");
        this.signInKey = derive(master, "fpauth second factor: pending sign-in");
    }

    public static SecondFactorKey generate(SecureRandom random) {
        byte[] master = new byte[LENGTH];
        random.nextBytes(master);
        return new SecondFactorKey(master);
    }

    /** @throws IllegalArgumentException when {@code text} is not base 64 of 32 bytes (the message never shows it) */
    public static SecondFactorKey parse(String text) {
        String trimmed = text.trim().replace('-', '+').replace('_', '/');
        byte[] master;
        try {
            master = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the second-factor key is not base 64");
        }
        return new SecondFactorKey(master);
    }

    /** A freshly generated key as {@link #parse} reads it, for a key file. */
    public static String newKeyText(SecureRandom random) {
        byte[] master = new byte[LENGTH];
        random.nextBytes(master);
        return Base64.getEncoder().encodeToString(master);
    }

    byte[] sealKey() {
        return sealKey.clone();
    }

    byte[] signInKey() {
        return signInKey.clone();
    }

    private static byte[] derive(byte[] master, String label) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(master, HMAC));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecondFactorKey[hidden]";
    }
}
