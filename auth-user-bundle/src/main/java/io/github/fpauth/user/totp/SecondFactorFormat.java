package io.github.fpauth.user.totp;

import java.util.ArrayList;
import java.util.List;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * A {@link SecondFactor} as one text value, so that a store keeps it in one field of the user's
 * record (and a shared store updates it in the same transaction as the rest of the user, which
 * makes "each code once" hold across nodes):
 *
 * <pre>
 * totp1:SECRET:LASTSTEP:ENROLLEDMILLIS:HASH,HASH,...
 * </pre>
 *
 * <p>The secret in base 32, the step and time in decimal, the recovery-code hashes in hex (none:
 * empty). Printable ASCII without spaces, tabs or {@code %}: safe in any store's field as is.
 * Reading is strict: anything else is an {@link IllegalArgumentException}, never a guess.
 */
public final class SecondFactorFormat {

    static final String TAG = "totp1";

    private SecondFactorFormat() {
    }

    public static String write(SecondFactor factor) {
        StringBuilder out = new StringBuilder(64 + factor.recoveryCodesLeft() * 65);
        out.append(TAG).append(':').append(factor.secret().base32()).append(':').append(factor.lastUsedStep())
                .append(':').append(factor.enrolledMillis()).append(':');
        List<SecretHash> hashes = factor.recoveryCodes();
        for (int i = 0; i < hashes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(hashes.get(i).toHex());
        }
        return out.toString();
    }

    public static SecondFactor read(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 5 || !parts[0].equals(TAG)) {
            throw new IllegalArgumentException("not a second factor of format " + TAG);
        }
        TotpSecret secret = TotpSecret.fromBase32(requireBase32(parts[1]));
        long step = parseLong(parts[2], "last step");
        long enrolled = parseLong(parts[3], "enrolment time");
        List<SecretHash> hashes = new ArrayList<>();
        if (!parts[4].isEmpty()) {
            for (String hex : parts[4].split(",", -1)) {
                hashes.add(SecretHash.fromHex(hex));
            }
        }
        return new SecondFactor(secret, step, hashes, enrolled);
    }

    private static String requireBase32(String text) {
        // Written upper case without separators: the lenient reading of typed secrets is not wanted here.
        if (!text.matches("[A-Z2-7]+")) {
            throw new IllegalArgumentException("the secret is not upper-case base 32");
        }
        return text;
    }

    private static long parseLong(String text, String what) {
        if (!text.matches("-?[0-9]{1,19}")) {
            throw new IllegalArgumentException("the " + what + " is not a number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " is out of range");
        }
    }
}
