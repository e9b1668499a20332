package io.github.fpauth.jaas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user and password of an HTTP Basic {@code Authorization} header (RFC 7617, UTF-8).
 * {@link #parse} tells three cases apart: no Basic credentials at all ({@code null}), malformed
 * ones ({@link MalformedException}), and a user with a password.
 */
final class BasicCredentials {

    /** Longest header accepted: nobody has a legitimate reason for more, and decoding costs. */
    static final int MAX_HEADER_LENGTH = 8192;

    /** The header announces Basic credentials that cannot be read. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private final String user;
    private final String password;

    private BasicCredentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /**
     * @return {@code null} when the header is absent or of another scheme
     * @throws MalformedException when it is Basic but not {@code base64(user ":" password)} in UTF-8
     */
    static BasicCredentials parse(String header) throws MalformedException {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new MalformedException("Authorization header too long");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw new MalformedException("not base64");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("not UTF-8");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new MalformedException(colon < 0 ? "no ':' between user and password" : "empty user");
        }
        String user = text.substring(0, colon);
        for (int i = 0; i < user.length(); i++) {
            if (Character.isISOControl(user.charAt(i))) {
                throw new MalformedException("control character in the user");
            }
        }
        return new BasicCredentials(user, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        // Never the password.
        return "BasicCredentials[" + user + "]";
    }
}
