package io.github.fpauth.user.password;

import java.security.SecureRandom;

/** Generates passwords for accounts nobody chose a password for. */
public final class RandomPasswords {

    public static final int LENGTH = 24;
    // Letters and digits only: safe to paste into a shell or a curl -u argument (~143 bits).
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public RandomPasswords(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
