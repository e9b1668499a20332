package io.github.fpauth.user.totp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * One account's enrolled authenticator, immutable: its secret, the last time step whose code was
 * used (no code of that step or an earlier one is accepted again), and the hashes of the recovery
 * codes not used yet. Using a code gives the next state, which the store must write before the
 * sign-in goes on: a code counts as used only once it is stored.
 */
public final class SecondFactor {

    private static final Totp TOTP = new Totp();

    private final TotpSecret secret;
    private final long lastUsedStep;
    private final List<SecretHash> recoveryCodes;
    private final long enrolledMillis;

    public SecondFactor(TotpSecret secret, long lastUsedStep, List<SecretHash> recoveryCodes, long enrolledMillis) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.lastUsedStep = lastUsedStep;
        this.recoveryCodes = List.copyOf(recoveryCodes);
        if (this.recoveryCodes.size() > RecoveryCodes.COUNT) {
            throw new IllegalArgumentException("at most " + RecoveryCodes.COUNT + " recovery codes");
        }
        this.enrolledMillis = enrolledMillis;
    }

    /**
     * Completes an enrolment: {@code typed} must be the current code of {@code secret}, which
     * proves the app holds it; that code is then used up. Empty when the code does not match.
     */
    public static Optional<SecondFactor> enrol(TotpSecret secret, String typed, List<String> recoveryCodes,
            long nowMillis) {
        OptionalLong step = TOTP.verify(secret, typed, nowMillis, Long.MIN_VALUE);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecondFactor(secret, step.getAsLong(), hashes(recoveryCodes), nowMillis));
    }

    /** The state after {@code typed} was accepted as a code, or empty: wrong, too old, or used. */
    public Optional<SecondFactor> useCode(String typed, long nowMillis) {
        OptionalLong step = TOTP.verify(secret, typed, nowMillis, lastUsedStep);
        return step.isEmpty() ? Optional.empty()
                : Optional.of(new SecondFactor(secret, step.getAsLong(), recoveryCodes, enrolledMillis));
    }

    /** The state after {@code typed} was accepted as a recovery code (now spent), or empty. */
    public Optional<SecondFactor> useRecoveryCode(String typed) {
        int found = RecoveryCodes.find(recoveryCodes, typed);
        if (found < 0) {
            return Optional.empty();
        }
        List<SecretHash> left = new ArrayList<>(recoveryCodes);
        left.remove(found);
        return Optional.of(new SecondFactor(secret, lastUsedStep, left, enrolledMillis));
    }

    /** The same authenticator with new recovery codes (the old ones end). */
    public SecondFactor withRecoveryCodes(List<String> codes) {
        return new SecondFactor(secret, lastUsedStep, hashes(codes), enrolledMillis);
    }

    private static List<SecretHash> hashes(List<String> recoveryCodes) {
        List<SecretHash> hashes = new ArrayList<>(recoveryCodes.size());
        for (String code : recoveryCodes) {
            hashes.add(RecoveryCodes.hash(code));
        }
        return hashes;
    }

    public TotpSecret secret() {
        return secret;
    }

    public long lastUsedStep() {
        return lastUsedStep;
    }

    /** Hashes of the recovery codes left. */
    public List<SecretHash> recoveryCodes() {
        return recoveryCodes;
    }

    public int recoveryCodesLeft() {
        return recoveryCodes.size();
    }

    public long enrolledMillis() {
        return enrolledMillis;
    }

    @Override
    public String toString() {
        // Never the secret: this may end up in a log line.
        return "SecondFactor[enrolled " + enrolledMillis + ", last step " + lastUsedStep + ", " + recoveryCodes.size()
                + " recovery codes]";
    }
}
