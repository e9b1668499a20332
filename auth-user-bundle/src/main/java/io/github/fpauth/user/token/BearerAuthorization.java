package io.github.fpauth.user.token;

/**
 * Reads an {@code Authorization: Bearer <token>} header (RFC 6750) for this bundle's access
 * tokens. Bearer tokens of another kind (no {@value TokenSecrets#PREFIX} prefix) are not ours:
 * they count as no credentials, as any other scheme does.
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
                && TokenSecrets.looksLikeToken(header.substring(SCHEME.length()).strip());
    }

    /** The token of a header {@link #isOurs} accepted, surrounding spaces removed. */
    public static String token(String header) {
        return header.substring(SCHEME.length()).strip();
    }
}
