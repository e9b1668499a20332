package io.github.fpauth.user.totp;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.SignedTokens;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * The half-signed-in state between a correct password and the second step (a code, or the
 * enrolment an account must do first): a token kept in a cookie of that browser, signed with
 * the {@link DeploymentKey} that every node shares, so any node can take the second step.
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

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SignedTokens tokens;
    private final SecureRandom random;
    private final LongSupplier clock;
    private final long lifetimeMillis;

    public PendingSignIns(DeploymentKey key, SecureRandom random, LongSupplier clock, Duration lifetime) {
        this.tokens = new SignedTokens(key.signInKey());
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
        return tokens.sign(List.of(VERSION, step.name(), user.name(), Long.toString(clock.getAsLong() + lifetimeMillis),
                rememberMe ? "1" : "0", ENCODER.encodeToString(nonce)), bindings(user));
    }

    /**
     * The pending sign-in {@code token} stands for, when its signature holds for the account as
     * stored now ({@code users} looks it up), it has not expired, and the account is enabled.
     */
    public Optional<Pending> verify(String token, Function<String, User> users) {
        Optional<SignedTokens.Parsed> parsed = tokens.parse(token, 6);
        if (parsed.isEmpty() || !VERSION.equals(parsed.get().field(0))
                || !UserNames.isValidName(parsed.get().field(2))) {
            return Optional.empty();
        }
        SignedTokens.Parsed fields = parsed.get();
        User user = users.apply(fields.field(2));
        if (user == null || !fields.isSignedFor(bindings(user))) {
            return Optional.empty();
        }
        // Signed by a node of this deployment: the fields are as it wrote them.
        if (clock.getAsLong() >= Long.parseLong(fields.field(3)) || !user.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new Pending(user, Step.valueOf(fields.field(1)), "1".equals(fields.field(4))));
    }

    /** What the token is bound to: the account's password and second factor as stored now. */
    private static String[] bindings(User user) {
        return new String[] {user.passwordHash(), user.hasSecondFactor() ? user.secondFactor() : ""};
    }
}
