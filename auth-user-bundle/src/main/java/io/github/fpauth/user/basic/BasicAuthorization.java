package io.github.fpauth.user.basic;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.fpauth.user.password.PasswordPolicy;

/**
 * The outcome of reading an {@code Authorization} header as HTTP Basic (RFC 7617): no Basic
 * credentials at all, malformed ones, or a user name and password.
 *
 * <p>Strict on purpose: the scheme is matched case-insensitively, the credentials must be valid
 * base64 of valid UTF-8, split at the first colon, with a non-empty user name and password and
 * no control characters. Lengths are bounded before anything else is done with the value, so a
 * huge header never reaches the password hash.
 */
public final class BasicAuthorization {

    /** Longer {@code Authorization: Basic} headers are rejected unread. */
    public static final int MAX_HEADER_LENGTH = 4096;
    /** Longer passwords are rejected before hashing; no valid password is longer. */
    public static final int MAX_PASSWORD_LENGTH = PasswordPolicy.ABSOLUTE_MAX_LENGTH;

    private static final String SCHEME = "Basic";

    /** The outcomes. */
    public enum Outcome {
        /** No header, or another scheme: nothing for HTTP Basic. */
        ABSENT,
        /** A Basic header that does not follow RFC 7617 or our bounds. */
        MALFORMED,
        /** A well-formed user name and password. */
        CREDENTIALS
    }

    private static final BasicAuthorization ABSENT = new BasicAuthorization(Outcome.ABSENT, null);
    private static final BasicAuthorization MALFORMED = new BasicAuthorization(Outcome.MALFORMED, null);

    private final Outcome outcome;
    private final BasicCredentials credentials;

    private BasicAuthorization(Outcome outcome, BasicCredentials credentials) {
        this.outcome = outcome;
        this.credentials = credentials;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The credentials, for {@link Outcome#CREDENTIALS} only, else {@code null}. */
    public BasicCredentials credentials() {
        return credentials;
    }

    /** Reads one {@code Authorization} header value; {@code null} means there was none. */
    public static BasicAuthorization parse(String header) {
        if (header == null) {
            return ABSENT;
        }
        int start = skipSpaces(header, 0);
        if (!header.regionMatches(true, start, SCHEME, 0, SCHEME.length())) {
            return ABSENT;
        }
        int afterScheme = start + SCHEME.length();
        if (afterScheme < header.length() && !isSpace(header.charAt(afterScheme))) {
            return ABSENT; // another scheme that merely starts with "Basic", e.g. "BasicToken"
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            return MALFORMED;
        }
        int tokenStart = skipSpaces(header, afterScheme);
        int tokenEnd = header.length();
        while (tokenEnd > tokenStart && isSpace(header.charAt(tokenEnd - 1))) {
            tokenEnd--;
        }
        if (tokenStart == tokenEnd) {
            return MALFORMED; // "Basic" alone
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(tokenStart, tokenEnd));
        } catch (IllegalArgumentException e) {
            return MALFORMED; // includes inner spaces: auth-params are not Basic credentials
        }
        String userPass = isAscii(decoded) ? new String(decoded, StandardCharsets.US_ASCII) : utf8(decoded);
        if (userPass == null) {
            return MALFORMED;
        }
        int colon = userPass.indexOf(':');
        if (colon <= 0 || colon == userPass.length() - 1) {
            return MALFORMED; // no colon, empty user name or empty password
        }
        if (userPass.length() - colon - 1 > MAX_PASSWORD_LENGTH || hasControlCharacter(userPass)) {
            return MALFORMED;
        }
        return new BasicAuthorization(Outcome.CREDENTIALS,
                new BasicCredentials(userPass.substring(0, colon), userPass.substring(colon + 1)));
    }

    /** Most credentials are ASCII, which is valid UTF-8 as it is: no decoder for them. */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8: null for bytes that are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(String value, int from) {
        int i = from;
        while (i < value.length() && isSpace(value.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public String toString() {
        return outcome == Outcome.CREDENTIALS ? "BasicAuthorization[" + credentials + "]"
                : "BasicAuthorization[" + outcome + "]";
    }
}
