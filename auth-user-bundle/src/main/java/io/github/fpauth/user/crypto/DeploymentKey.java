package io.github.fpauth.user.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of one auth-user deployment: 256 bits that every node shares, never stored with the
 * users. Keys for each use are derived from it (HMAC-SHA256 of a label, so none reveals another):
 * one seals authenticator secrets at rest, one signs the half-signed-in state between the
 * password and the code, one signs password-reset links.
 *
 * <p>Written as base 64 (standard or URL alphabet, padding optional) of exactly 32 bytes.
 * Its {@link #toString()} never shows it.
 */
public final class DeploymentKey {

    public static final int LENGTH = 32;
    private static final String HMAC = "HmacSHA256";

    private final byte[] sealKey;
    private final byte[] signInKey;
    private final byte[] resetKey;

    private DeploymentKey(byte[] master) {
        if (master.length != LENGTH) {
            throw new IllegalArgumentException("the secret key must be " + LENGTH + " bytes, base 64 encoded"
                    + " (e.g. the output of: openssl rand -base64 32)");
        }
        this.sealKey = derive(master, "fpauth second factor: seal");
        this.signInKey = derive(master, "fpauth second factor: pending sign-in");
        this.resetKey = derive(master, "fpauth password reset");
    }

    public static DeploymentKey generate(SecureRandom random) {
        byte[] master = new byte[LENGTH];
        random.nextBytes(master);
        return new DeploymentKey(master);
    }

    /** @throws IllegalArgumentException when {@code text} is not base 64 of 32 bytes (the message never shows it) */
    public static DeploymentKey parse(String text) {
        String trimmed = text.trim().replace('-', '+').replace('_', '/');
        byte[] master;
        try {
            master = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret key is not base 64");
        }
        return new DeploymentKey(master);
    }

    /** A freshly generated key as {@link #parse} reads it, for a key file. */
    public static String newKeyText(SecureRandom random) {
        byte[] master = new byte[LENGTH];
        random.nextBytes(master);
        return Base64.getEncoder().encodeToString(master);
    }

    /** For AES-256-GCM sealing of second factors. */
    public byte[] sealKey() {
        return sealKey.clone();
    }

    /** For HMAC-SHA256 signatures of pending sign-ins. */
    public byte[] signInKey() {
        return signInKey.clone();
    }

    /** For HMAC-SHA256 signatures of password-reset links. */
    public byte[] resetKey() {
        return resetKey.clone();
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
        return "DeploymentKey[hidden]";
    }
}
