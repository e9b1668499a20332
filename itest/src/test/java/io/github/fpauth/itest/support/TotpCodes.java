package io.github.fpauth.itest.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for the tests: RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s) of a secret read
 * from a page, written here from the RFC rather than taken from the product, so a test checks the
 * product against the standard and not against itself.
 */
public final class TotpCodes {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private TotpCodes() {
    }

    /** The code of the time step {@code stepsFromNow} steps after the current one. */
    public static String code(String base32Secret, int stepsFromNow) {
        long step = System.currentTimeMillis() / 30_000 + stepsFromNow;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0xF;
            int binary = (hash[offset] & 0x7F) << 24 | (hash[offset + 1] & 0xFF) << 16 | (hash[offset + 2] & 0xFF) << 8
                    | hash[offset + 3] & 0xFF;
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A code that is never the one the server expects now (to test refusals). */
    public static String wrongCode(String base32Secret) {
        String wrong = "000000";
        for (int i = -2; i <= 2; i++) {
            if (code(base32Secret, i).equals(wrong)) {
                wrong = "000001";
            }
        }
        return wrong;
    }

    private static byte[] decode(String text) {
        String clean = text.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base 32: " + text);
            }
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
