package io.github.fpauth.user.totp;

import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/} URI that enrols a secret in an authenticator app (the "Key Uri
 * Format" every app reads, shown as a QR code and as text): issuer and account in the label and
 * again as {@code issuer=}, the algorithm, digits and period spelled out so that no app guesses.
 */
public final class OtpAuthUri {

    private OtpAuthUri() {
    }

    /** The URI; {@code issuer} and {@code account} may hold any character, they are percent-encoded. */
    public static String of(String issuer, String account, TotpSecret secret) {
        if (issuer == null || issuer.isBlank() || issuer.indexOf(':') >= 0) {
            // The label is "issuer:account": a colon in the issuer would move the split.
            throw new IllegalArgumentException("the issuer is a non-blank text without ':'");
        }
        String encodedIssuer = encode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + encode(account) + "?secret=" + secret.base32() + "&issuer="
                + encodedIssuer + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes: everything but the unreserved characters. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >>> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
