package io.github.fpauth.user.password;

/** What a new password must look like. Immutable. */
public final class PasswordPolicy {

    /** No password is ever longer: bounds the hashing work and the Basic header parser. */
    public static final int ABSOLUTE_MAX_LENGTH = 1024;
    public static final int DEFAULT_MIN_LENGTH = 8;
    /** The prefix of access token secrets (see the token package). */
    static final String TOKEN_PREFIX = "fpat_";

    private final int minLength;
    private final int maxLength;

    /** Lengths are counted in chars and clamped to {@code 1 <= min <= max <= 1024}. */
    public PasswordPolicy(int minLength, int maxLength) {
        this.maxLength = Math.max(1, Math.min(maxLength, ABSOLUTE_MAX_LENGTH));
        this.minLength = Math.max(1, Math.min(minLength, this.maxLength));
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(DEFAULT_MIN_LENGTH, ABSOLUTE_MAX_LENGTH);
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** @throws IllegalArgumentException saying what is wrong, never echoing the password */
    public void check(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        if (password.length() < minLength) {
            throw new IllegalArgumentException("the password must be at least " + minLength + " characters long");
        }
        if (password.length() > maxLength) {
            throw new IllegalArgumentException("the password must be at most " + maxLength + " characters long");
        }
        if (password.startsWith(TOKEN_PREFIX)) {
            // HTTP Basic reads such a password as an access token, so it could never log in.
            throw new IllegalArgumentException("the password must not start with '" + TOKEN_PREFIX
                    + "' (the prefix of access tokens)");
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                // HTTP Basic cannot carry them (RFC 7617), so such a password could never log in.
                throw new IllegalArgumentException("the password must not contain control characters");
            }
        }
    }
}
