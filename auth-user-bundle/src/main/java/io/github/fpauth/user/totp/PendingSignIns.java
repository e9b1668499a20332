package io.github.fpauth.user.totp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * The half-signed-in state between a correct password and the second step (a code, or the
 * enrolment an account must do first): a token kept in a cookie of that browser, signed with
 * the {@link SecondFactorKey} that every node shares, so any node can take the second step.
 *
 * <p>It holds no secret and grants nothing alone: it only spares the password for a few minutes.
 * Its signature also covers the account's current password hash and second factor as stored, so
 * it ends at once when the password changes, the factor is reset, or a code of the account is
 * used (whichever browser used it): a token takes one second step at most.
 */
public final class PendingSignIns {

    /** What the browser must do next. */
    public enum Step {
        /** Type a code (or a recovery code). */
        CODE,
        /** Enrol an authenticator: the account must have one and has none. */
        ENROL
    }

    /** A verified pending sign-in. */
    public static final class Pending {
        private final User user;
        private final Step step;
        private final boolean rememberMe;

        Pending(User user, Step step, boolean rememberMe) {
            this.user = user;
            this.step = step;
            this.rememberMe = rememberMe;
        }

        /** The account as stored now. */
        public User user() {
            return user;
        }

        public Step step() {
            return step;
        }

        public boolean rememberMe() {
            return rememberMe;
        }
    }

    private static final String HMAC = "HmacSHA256";
    private static final String VERSION = "1";
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final LongSupplier clock;
    private final long lifetimeMillis;

    public PendingSignIns(SecondFactorKey key, SecureRandom random, LongSupplier clock, Duration lifetime) {
        this.key = new SecretKeySpec(key.signInKey(), HMAC);
        this.random = random;
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
    }

    public long lifetimeSeconds() {
        return lifetimeMillis / 1000;
    }

    /** A new token: {@code user} passed the password step and must take {@code step} next. */
    public String issue(User user, Step step, boolean rememberMe) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String payload = String.join("\n", VERSION, step.name(), user.name(),
                Long.toString(clock.getAsLong() + lifetimeMillis), rememberMe ? "1" : "0", ENCODER.encodeToString(nonce));
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(
                mac(payload, user));
    }

    /**
     * The pending sign-in {@code token} stands for, when its signature holds for the account as
     * stored now ({@code users} looks it up), it has not expired, and the account is enabled.
     */
    public Optional<Pending> verify(String token, Function<String, User> users) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] fields = payload.split("\n", -1);
        if (fields.length != 6 || !VERSION.equals(fields[0]) || !UserNames.isValidName(fields[2])) {
            return Optional.empty();
        }
        User user = users.apply(fields[2]);
        if (user == null || !MessageDigest.isEqual(signature, mac(payload, user))) {
            return Optional.empty();
        }
        // Signed by a node of this deployment: the fields are as it wrote them.
        Step step = Step.valueOf(fields[1]);
        long expires = Long.parseLong(fields[3]);
        if (clock.getAsLong() >= expires || !user.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new Pending(user, step, "1".equals(fields[4])));
    }

    private byte[] mac(String payload, User user) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(payload.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(user.passwordHash().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            if (user.hasSecondFactor()) {
                mac.update(user.secondFactor().getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }
}
