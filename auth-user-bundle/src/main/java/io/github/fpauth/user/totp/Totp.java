package io.github.fpauth.user.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps, counted
 * from the Unix epoch; what every authenticator app computes by default.
 *
 * <p>{@link #verify} accepts the code of the current step and of one step either side (clock
 * skew), compares every candidate in constant time, and returns the step that matched so that the
 * caller can refuse that step, and every earlier one, from then on (each code once per account).
 */
public final class Totp {

    /** Digits of a code. */
    public static final int DIGITS = 6;
    /** Seconds of a step. */
    public static final int STEP_SECONDS = 30;
    /** Steps accepted either side of the current one. */
    public static final int SKEW_STEPS = 1;

    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000 };

    private final int digits;

    /** Six-digit codes. */
    public Totp() {
        this(DIGITS);
    }

    /** Codes of {@code digits} digits (6 to 8; the RFC's test vectors have 8). */
    Totp(int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8");
        }
        this.digits = digits;
    }

    /** The step of a moment: seconds since the epoch divided by {@link #STEP_SECONDS}. */
    public static long step(long epochMillis) {
        return Math.floorDiv(epochMillis, STEP_SECONDS * 1000L);
    }

    /** The code of {@code step} (RFC 4226 HOTP with the step as counter), zero-padded. */
    public String code(TotpSecret secret, long step) {
        return code(secret.key(), step);
    }

    String code(byte[] key, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
        int offset = hash[hash.length - 1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24) | ((hash[offset + 1] & 0xFF) << 16)
                | ((hash[offset + 2] & 0xFF) << 8) | (hash[offset + 3] & 0xFF);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The step whose code {@code typed} is, among the current step and {@link #SKEW_STEPS} either
     * side, and later than {@code lastUsedStep}; empty if none. Spaces in {@code typed} (apps show
     * "123 456") are ignored; anything else but digits, or another length, matches nothing.
     */
    public OptionalLong verify(TotpSecret secret, String typed, long nowMillis, long lastUsedStep) {
        String code = typed == null ? "" : typed.replace(" ", "");
        if (code.length() != digits || !isDigits(code)) {
            return OptionalLong.empty();
        }
        byte[] key = secret.key();
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long now = step(nowMillis);
        long matched = Long.MIN_VALUE;
        // Every candidate is computed and compared: the time taken does not tell which one matched.
        for (long step = now - SKEW_STEPS; step <= now + SKEW_STEPS; step++) {
            boolean equal = MessageDigest.isEqual(given, code(key, step).getBytes(StandardCharsets.US_ASCII));
            if (equal && step > lastUsedStep && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    private static boolean isDigits(String code) {
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
