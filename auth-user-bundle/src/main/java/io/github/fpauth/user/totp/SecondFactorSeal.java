package io.github.fpauth.user.totp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;


import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.fpauth.user.crypto.DeploymentKey;

/**
 * Seals an account's {@link SecondFactor} for the store with AES-256-GCM, bound to the account's
 * name and the value's purpose (the additional authenticated data): whoever reads the store (a backup, a database
 * dump) learns no authenticator secret, and a sealed value copied to another account, altered or
 * sealed with another key does not open.
 *
 * <pre>
 * sealed1:BASE64URL(nonce[12] || ciphertext || tag[16])
 * </pre>
 */
public final class SecondFactorSeal {

    static final String TAG = "sealed1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SecondFactorSeal(DeploymentKey key, SecureRandom random) {
        this.key = new SecretKeySpec(key.sealKey(), "AES");
        this.random = random;
    }

    /** What a sealed value is for: one never opens as the other. */
    public enum Purpose {
        /** The account's enrolled factor, as stored. */
        STORED,
        /** An enrolment offered to the account, carried by its form until a code confirms it. */
        OFFER
    }

    /** {@code factor} sealed for the account {@code user}, to be stored. */
    public String seal(String user, SecondFactor factor) {
        return seal(Purpose.STORED, user, factor);
    }

    /** @see #open(Purpose, String, String) */
    public SecondFactor open(String user, String sealed) {
        return open(Purpose.STORED, user, sealed);
    }

    /** {@code factor} sealed for the account {@code user}, for {@code purpose}. */
    public String seal(Purpose purpose, String user, SecondFactor factor) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = SecondFactorFormat.write(factor).getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, purpose, user);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return TAG + ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * The factor sealed for {@code user} and {@code purpose}.
     *
     * @throws IllegalArgumentException when it was sealed for another account or purpose, with
     *         another key, or altered (the message never shows the value)
     */
    public SecondFactor open(Purpose purpose, String user, String sealed) {
        if (sealed == null || !sealed.startsWith(TAG)) {
            throw new IllegalArgumentException("not a sealed second factor");
        }
        byte[] in;
        try {
            in = DECODER.decode(sealed.substring(TAG.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a sealed second factor that is not base 64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("a sealed second factor that is too short");
        }
        try {
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, purpose, user);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return SecondFactorFormat.read(new String(plain, StandardCharsets.US_ASCII));
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the second factor does not open with this key for this account"
                    + " (another key, another account, or altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, Purpose purpose, String user) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        // user names hold no control characters: the separators keep purpose and name apart
        cipher.updateAAD(("fpauth-second-factor\0" + purpose + "\0" + user).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
