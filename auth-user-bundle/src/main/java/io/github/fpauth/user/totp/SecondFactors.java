package io.github.fpauth.user.totp;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.Roles;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.DeploymentKeys;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.totp.SecondFactorSeal.Purpose;

/**
 * Two-factor sign-in for the accounts of auth-user: enrolment, codes at sign-in, recovery codes,
 * removal, and who must have a factor. The pages and commands call it; it alone opens sealed
 * factors, so no page, command or log line can show a secret once enrolled.
 *
 * <p>Using a code changes the account in the store's transaction ({@link UserDirectory#changeSecondFactor}):
 * the code's time step (or the recovery code) is spent before the sign-in goes on, on every node
 * at once with a shared store, so each code signs in once.
 *
 * <p>Without the deployment's {@linkplain DeploymentKeys key} (a shared store without
 * {@code secretKey}) it is unavailable and fails closed: nobody enrols, and an account that has a
 * factor cannot finish signing in.
 */
@Component(service = SecondFactors.class, configurationPid = SecondFactorConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SecondFactorConfig.class)
public class SecondFactors {

    /** An enrolment offer must be confirmed within this long. */
    static final Duration OFFER_LIFETIME = Duration.ofMinutes(15);
    /** The message for every refused code: it says nothing of why. */
    public static final String WRONG_CODE = "That code is not valid. Codes change every 30 seconds and work once.";
    static final String OFFER_EXPIRED = "The enrolment form has expired. Please start again.";

    private static final Logger LOG = LoggerFactory.getLogger(SecondFactors.class);

    private final SecureRandom random = new SecureRandom();
    private final UserDirectory directory;
    private final DeploymentKeys keys;
    private volatile Settings settings;

    /** An offer to enrol: what the page shows once, and the sealed form value that confirms it. */
    public static final class Offer {
        private final String secretBase32;
        private final String uri;
        private final String qrSvg;
        private final String token;

        Offer(String secretBase32, String uri, String qrSvg, String token) {
            this.secretBase32 = secretBase32;
            this.uri = uri;
            this.qrSvg = qrSvg;
            this.token = token;
        }

        public String secretBase32() {
            return secretBase32;
        }

        public String uri() {
            return uri;
        }

        public String qrSvg() {
            return qrSvg;
        }

        /** Sealed for the account: the enrolment form carries it back. */
        public String token() {
            return token;
        }
    }

    /** What pages may show of an account's factor: never its secret. */
    public static final class Status {
        private final long enrolledMillis;
        private final int recoveryCodesLeft;

        Status(long enrolledMillis, int recoveryCodesLeft) {
            this.enrolledMillis = enrolledMillis;
            this.recoveryCodesLeft = recoveryCodesLeft;
        }

        public long enrolledMillis() {
            return enrolledMillis;
        }

        public int recoveryCodesLeft() {
            return recoveryCodesLeft;
        }
    }

    /**
     * Refused: unavailable (no key) or not possible now; the message is fit for the person. An
     * IllegalArgumentException, so a store's transaction takes it for a refusal.
     */
    public static final class SecondFactorException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SecondFactorException(String message) {
            super(message);
        }
    }

    @Activate
    public SecondFactors(@Reference UserDirectory directory, @Reference DeploymentKeys keys, SecondFactorConfig config) {
        this.directory = directory;
        this.keys = keys;
        this.settings = settings(config);
    }

    @Modified
    void modified(SecondFactorConfig config) {
        settings = settings(config);
    }

    private static Settings settings(SecondFactorConfig config) {
        String issuer = config.issuer() == null || config.issuer().isBlank() || config.issuer().contains(":")
                || !config.issuer().equals(UserNames.printable(config.issuer())) ? "fpauth" : config.issuer().trim();
        if (!issuer.equals(config.issuer())) {
            LOG.warn("Two-factor issuer '{}' is not printable text without a colon; using '{}'",
                    UserNames.printable(config.issuer()), issuer);
        }
        int seconds = Math.max(30, Math.min(config.pendingSignInSeconds(), 900));
        return new Settings(config.required(), issuer, Duration.ofSeconds(seconds));
    }

    /** Whether codes can be checked and enrolments made (a key is at hand). */
    public boolean isAvailable() {
        return keys.key().isPresent();
    }

    /** Why it is not available, for pages and status; {@code null} when it is. */
    public String problem() {
        return keys.problem();
    }

    /** Whether {@code user} must sign in with a second factor (enrolled, or required by the configuration). */
    public boolean isRequired(User user) {
        if (user.hasSecondFactor()) {
            return true;
        }
        switch (settings.required) {
            case everyone:
                return true;
            case admins:
                return user.roles().contains(Roles.ADMIN);
            default:
                return false;
        }
    }

    /** The half-signed-in tokens; {@code null} when unavailable. */
    public PendingSignIns pendingSignIns() {
        Optional<DeploymentKey> key = keys.key();
        return key.isEmpty() ? null : new PendingSignIns(key.get(), random, System::currentTimeMillis,
                settings.pendingLifetime);
    }

    /** A new authenticator for {@code user} to scan; nothing is stored until {@link #enrol} confirms it. */
    public Offer offer(User user) {
        Current current = available();
        if (user.hasSecondFactor()) {
            throw new SecondFactorException("Two-factor sign-in is on already. Turn it off first to enrol another"
                    + " authenticator.");
        }
        SecondFactor offered = new SecondFactor(TotpSecret.generate(random), Long.MIN_VALUE, List.of(),
                System.currentTimeMillis());
        return offer(current, user.name(), offered, current.seal.seal(Purpose.OFFER, user.name(), offered));
    }

    /** The offer {@code token} carries again (after a wrong code), when it is still valid for {@code user}. */
    public Optional<Offer> reopen(User user, String token) {
        Current current = available();
        try {
            return Optional.of(offer(current, user.name(), openOffer(current, user.name(), token), token));
        } catch (SecondFactorException e) {
            return Optional.empty();
        }
    }

    private static Offer offer(Current current, String user, SecondFactor offered, String token) {
        String uri = OtpAuthUri.of(current.settings.issuer, user, offered.secret());
        return new Offer(offered.secret().base32(), uri, QrCodeSvg.of(uri), token);
    }

    private static SecondFactor openOffer(Current current, String user, String token) {
        SecondFactor offered;
        try {
            offered = current.seal.open(Purpose.OFFER, user, token);
        } catch (IllegalArgumentException e) {
            LOG.info("Refused an enrolment form of user '{}': {}", UserNames.printable(user), e.getMessage());
            throw new SecondFactorException(OFFER_EXPIRED);
        }
        long now = System.currentTimeMillis();
        if (now - offered.enrolledMillis() > OFFER_LIFETIME.toMillis() || offered.enrolledMillis() > now + 60_000) {
            throw new SecondFactorException(OFFER_EXPIRED);
        }
        return offered;
    }

    /**
     * Completes an enrolment: {@code code} must be the authenticator's current code for the offer
     * made to {@code user}.
     *
     * @return the recovery codes, to show once
     * @throws SecondFactorException when the code is wrong, the offer expired, or the account has a factor already
     */
    public List<String> enrol(String user, String offerToken, String code) {
        Current current = available();
        SecondFactor offered = openOffer(current, user, offerToken);
        long now = System.currentTimeMillis();
        List<String> recoveryCodes = RecoveryCodes.generate(random);
        SecondFactor enrolled = SecondFactor.enrol(offered.secret(), code, recoveryCodes, now)
                .orElseThrow(() -> new SecondFactorException(WRONG_CODE));
        String sealed = current.seal.seal(user, enrolled);
        directory.changeSecondFactor(user, existing -> {
            if (existing != null) {
                throw new SecondFactorException("Two-factor sign-in is on already.");
            }
            return sealed;
        });
        LOG.info("User '{}' enrolled an authenticator for two-factor sign-in", UserNames.printable(user));
        return recoveryCodes;
    }

    /**
     * Checks a code (six digits) or a recovery code of {@code user} and spends it, in the store's
     * transaction; on every node at once with a shared store.
     *
     * @return whether it was accepted; {@code false} also when the account has no factor
     */
    public boolean useCode(String user, String typed) {
        Current current = available();
        boolean[] accepted = {false};
        boolean[] recovery = {false};
        directory.changeSecondFactor(user, sealed -> {
            accepted[0] = false;
            if (sealed == null) {
                return null;
            }
            SecondFactor factor = open(current, user, sealed);
            String trimmed = typed == null ? "" : typed.strip();
            // Apps show "123 456": six digits once spaces are gone are a code; anything else a recovery code.
            boolean code = trimmed.replace(" ", "").length() == Totp.DIGITS;
            Optional<SecondFactor> next = code ? factor.useCode(trimmed, System.currentTimeMillis())
                    : factor.useRecoveryCode(trimmed);
            if (next.isEmpty()) {
                return sealed; // unchanged: nothing is written
            }
            accepted[0] = true;
            recovery[0] = !code;
            return current.seal.seal(user, next.get());
        });
        if (accepted[0] && recovery[0]) {
            LOG.info("User '{}' signed in with a recovery code", UserNames.printable(user));
        }
        return accepted[0];
    }

    /** What may be shown of {@code user}'s factor; empty when none. */
    public Optional<Status> status(User user) {
        if (!user.hasSecondFactor()) {
            return Optional.empty();
        }
        Optional<DeploymentKey> key = keys.key();
        if (key.isEmpty()) {
            return Optional.of(new Status(0, -1));
        }
        try {
            SecondFactor factor = new SecondFactorSeal(key.get(), random).open(user.name(), user.secondFactor());
            return Optional.of(new Status(factor.enrolledMillis(), factor.recoveryCodesLeft()));
        } catch (IllegalArgumentException e) {
            return Optional.of(new Status(0, -1));
        }
    }

    /** Ten new recovery codes for {@code user}, to show once; the old ones end. */
    public List<String> newRecoveryCodes(String user) {
        Current current = available();
        List<String> codes = RecoveryCodes.generate(random);
        directory.changeSecondFactor(user, sealed -> {
            if (sealed == null) {
                throw new SecondFactorException("Two-factor sign-in is off.");
            }
            return current.seal.seal(user, open(current, user, sealed).withRecoveryCodes(codes));
        });
        LOG.info("User '{}' has new recovery codes", UserNames.printable(user));
        return codes;
    }

    /**
     * Removes {@code user}'s factor (the user turned it off, or an admin reset it); needs no key,
     * so an operator can always reset.
     *
     * @return whether there was one
     */
    public boolean remove(String user) {
        return directory.removeSecondFactor(user); // the directory logs the removal
    }

    private Current available() {
        Optional<DeploymentKey> key = keys.key();
        if (key.isEmpty()) {
            throw new SecondFactorException("Two-factor sign-in is not available right now.");
        }
        return new Current(settings, new SecondFactorSeal(key.get(), random));
    }

    private static SecondFactor open(Current current, String user, String sealed) {
        try {
            return current.seal.open(user, sealed);
        } catch (IllegalArgumentException e) {
            // Another key than the one that sealed it, or damage: the account cannot pass, and the log says why.
            LOG.error("Cannot open the second factor of user '{}': {}", UserNames.printable(user), e.getMessage());
            throw new SecondFactorException("Two-factor sign-in is not available right now.");
        }
    }

    /** One configuration's settings, swapped as one. */
    private static final class Settings {
        final SecondFactorConfig.Required required;
        final String issuer;
        final Duration pendingLifetime;

        Settings(SecondFactorConfig.Required required, String issuer, Duration pendingLifetime) {
            this.required = required == null ? SecondFactorConfig.Required.nobody : required;
            this.issuer = issuer;
            this.pendingLifetime = pendingLifetime;
        }
    }

    /** The settings and the seal of the current key, for one operation. */
    private static final class Current {
        final Settings settings;
        final SecondFactorSeal seal;

        Current(Settings settings, SecondFactorSeal seal) {
            this.settings = settings;
            this.seal = seal;
        }
    }
}
