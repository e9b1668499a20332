package io.github.fpauth.user.command;

import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.github.fpauth.user.throttle.Lockout;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.ThrottleSettings;

/**
 * Gogo commands (scope {@code fpauth}) for the brute-force protection: see who is locked out,
 * and clear it (the operator's way back in when someone guessing has locked out an admin).
 */
@Component(service = ThrottleCommands.class, property = {
        "osgi.command.scope=fpauth",
        "osgi.command.function=lockouts",
        "osgi.command.function=unlock" })
public class ThrottleCommands {

    private final Throttle throttle;

    @Activate
    public ThrottleCommands(@Reference Throttle throttle) {
        this.throttle = throttle;
    }

    /** {@code lockouts}: accounts and addresses refused right now. */
    public String lockouts() {
        List<Lockout> lockouts = throttle.lockouts();
        ThrottleSettings settings = throttle.settings();
        String limits = "Limits: delays after " + settings.accountFailures() + " failures per account and "
                + settings.addressFailures() + " per address, from " + settings.baseDelaySeconds() + " s up to "
                + settings.maxDelaySeconds() + " s; at most " + settings.failuresPerHour()
                + " failures per account and hour.\n";
        if (lockouts.isEmpty()) {
            return limits + "No lockouts.";
        }
        int keyWidth = "ACCOUNT/ADDRESS".length();
        for (Lockout lockout : lockouts) {
            keyWidth = Math.max(keyWidth, lockout.key().length());
        }
        String row = "%-7s  %-" + keyWidth + "s  %8s  %s%n";
        StringBuilder out = new StringBuilder(limits).append(String.format(row, "KIND", "ACCOUNT/ADDRESS", "FAILURES", "UNTIL"));
        long now = Instant.now().getEpochSecond();
        for (Lockout lockout : lockouts) {
            long left = Math.max(1, lockout.until().getEpochSecond() - now);
            out.append(String.format(row, lockout.kind().name().toLowerCase(java.util.Locale.ROOT), lockout.key(),
                    lockout.failures(), lockout.until().toString().substring(0, 19).replace('T', ' ') + " (" + left
                            + " s)"));
        }
        return out.toString().stripTrailing();
    }

    /** {@code unlock <user|address>}: forgets the failures of that account and that address. */
    public String unlock(String accountOrAddress) {
        int cleared = throttle.unlock(accountOrAddress);
        return cleared == 0 ? "Nothing recorded for '" + accountOrAddress + "'."
                : "Cleared the failed logins of '" + accountOrAddress + "'.";
    }
}
