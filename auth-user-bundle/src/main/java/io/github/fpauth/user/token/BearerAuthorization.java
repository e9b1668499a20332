package io.github.fpauth.user.token;

/**
 * Reads an {@code Authorization: Bearer <token>} header (RFC 6750) for this bundle's access
 * tokens. Bearer tokens of another kind (no {@value TokenSecrets#PREFIX} prefix) are not ours:
 * they count as no credentials, as any other scheme does.
 *
 * <p>Runs on every request with an {@code Authorization} header: it scans the header in place,
 * and copies nothing but the token. White space is what {@link String#strip()} removes.
 */
public final class BearerAuthorization {

    private static final String SCHEME = "Bearer";

    private BearerAuthorization() {
    }

    /** Whether the header uses the Bearer scheme with one of our tokens (well-formed or not). */
    public static boolean isOurs(String header) {
        return header != null && header.length() > SCHEME.length() + 1
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && header.charAt(SCHEME.length()) == ' '
                && header.startsWith(TokenSecrets.PREFIX, tokenStart(header));
    }

    /** The token of a header {@link #isOurs} accepted, surrounding spaces removed. */
    public static String token(String header) {
        int start = tokenStart(header);
        int end = header.length();
        while (end > start && Character.isWhitespace(header.charAt(end - 1))) {
            end--;
        }
        return header.substring(start, end);
    }

    /** Where the token starts: after the scheme and the white space following it. */
    private static int tokenStart(String header) {
        int start = SCHEME.length();
        while (start < header.length() && Character.isWhitespace(header.charAt(start))) {
            start++;
        }
        return start;
    }
}
