package io.github.fpauth.user.reset;

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
 * The tokens of password-reset links: the account, an expiry and 128 random bits, signed
 * (HMAC-SHA256 with the deployment's reset key) together with the account's current password
 * hash. Nothing is stored, so nothing can leak from a store; and since the signature covers the
 * password hash, a token works once (the reset changes the hash) and ends as soon as the password
 * changes any other way. Any node of the deployment checks it.
 */
public final class ResetLinks {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SignedTokens tokens;
    private final SecureRandom random;
    private final LongSupplier clock;
    private final long lifetimeMillis;

    public ResetLinks(DeploymentKey key, SecureRandom random, LongSupplier clock, Duration lifetime) {
        this.tokens = new SignedTokens(key.resetKey());
        this.random = random;
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
    }

    /** A new token for {@code user}'s current password. */
    public String issue(User user) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return tokens.sign(List.of(VERSION, user.name(), Long.toString(clock.getAsLong() + lifetimeMillis),
                ENCODER.encodeToString(nonce)), user.passwordHash());
    }

    /**
     * The account {@code token} resets, when its signature holds for the account's password as
     * stored now ({@code users} looks it up), it has not expired, and the account is enabled.
     */
    public Optional<User> verify(String token, Function<String, User> users) {
        Optional<SignedTokens.Parsed> parsed = tokens.parse(token, 4);
        if (parsed.isEmpty() || !VERSION.equals(parsed.get().field(0))
                || !UserNames.isValidName(parsed.get().field(1))) {
            return Optional.empty();
        }
        SignedTokens.Parsed fields = parsed.get();
        User user = users.apply(fields.field(1));
        if (user == null || !fields.isSignedFor(user.passwordHash())) {
            return Optional.empty();
        }
        // Signed by a node of this deployment: the fields are as it wrote them.
        if (clock.getAsLong() >= Long.parseLong(fields.field(2)) || !user.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(user);
    }
}
