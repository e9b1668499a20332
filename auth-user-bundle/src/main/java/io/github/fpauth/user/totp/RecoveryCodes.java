package io.github.fpauth.user.totp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * The single-use codes that sign a user in when the authenticator is lost: {@value #COUNT} of
 * them, each 80 random bits written as 16 base-32 characters in groups of four
 * ({@code ABCD-EFGH-JKLM-NPQR}). Shown once; stored only as SHA-256 hashes (80 random bits
 * need no slow hash: guessing one offline takes 2^79 digests on average).
 */
public final class RecoveryCodes {

    /** Codes issued at a time. */
    public static final int COUNT = 10;
    private static final int BYTES = 10;
    private static final int CHARACTERS = 16;

    private RecoveryCodes() {
    }

    /** {@value #COUNT} new codes, as shown to the user. */
    public static List<String> generate(SecureRandom random) {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] bits = new byte[BYTES];
            random.nextBytes(bits);
            String plain = Base32.encode(bits);
            codes.add(plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8, 12) + "-"
                    + plain.substring(12, 16));
        }
        return codes;
    }

    /** The hash kept for a code, of its {@linkplain #normalize normal form}. */
    public static SecretHash hash(String code) {
        String normal = normalize(code);
        if (normal == null) {
            throw new IllegalArgumentException("not a recovery code");
        }
        return SecretHash.of(normal);
    }

    /**
     * The index in {@code stored} of the code the user typed (any case, with or without dashes and
     * spaces), else -1. Every stored hash is compared, each in constant time.
     */
    public static int find(List<SecretHash> stored, String typed) {
        String normal = normalize(typed);
        if (normal == null) {
            return -1;
        }
        SecretHash given = SecretHash.of(normal);
        int found = -1;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).equals(given) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    /** The code upper case without separators, or {@code null} if it cannot be one. */
    static String normalize(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        StringBuilder out = new StringBuilder(CHARACTERS);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c; // ASCII only
            if (!((upper >= 'A' && upper <= 'Z') || (upper >= '2' && upper <= '7'))) {
                return null;
            }
            out.append(upper);
        }
        return out.length() == CHARACTERS ? out.toString() : null;
    }
}
