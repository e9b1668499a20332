package io.github.fpauth.user.reset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * "Forgot password?": a user name or an email address in, a reset link out by mail to the
 * account's address, if there is such an account with an address. The request thread does the
 * same work whatever was typed (it only hands the request on), so neither the answer nor its
 * timing tells whether an account exists; a background thread looks the account up and sends.
 * At most {@code mailsPerAccountPerHour} mails per account and {@code requestsPerAddressPerHour}
 * requests per client address, per node.
 *
 * <p>Available only with mail configured ({@link ResetMail}), a {@code publicUrl} (links are
 * never built from a request's Host header, which whoever asks controls) and the secret key.
 */
@Component(service = ForgottenPasswords.class, configurationPid = PasswordResetConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ForgottenPasswords {

    private static final Logger LOG = LoggerFactory.getLogger(ForgottenPasswords.class);
    private static final int MAX_KEYS = 100_000;
    private static final int MAX_QUEUED = 1000;

    private final UserDirectory directory;
    private final PasswordResets resets;
    private final HourlyLimit perAccount;
    private final HourlyLimit perAddress;
    private final ThreadPoolExecutor sender;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ResetMail mail;

    @Activate
    public ForgottenPasswords(@Reference UserDirectory directory, @Reference PasswordResets resets,
            PasswordResetConfig config) {
        this.directory = directory;
        this.resets = resets;
        this.perAccount = new HourlyLimit(config.mailsPerAccountPerHour(), MAX_KEYS, System::currentTimeMillis);
        this.perAddress = new HourlyLimit(config.requestsPerAddressPerHour(), MAX_KEYS, System::currentTimeMillis);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                task -> {
                    Thread thread = new Thread(task, "fpauth password-reset mail");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Modified
    void modified(PasswordResetConfig config) {
        perAccount.setLimit(config.mailsPerAccountPerHour());
        perAddress.setLimit(config.requestsPerAddressPerHour());
    }

    @Deactivate
    void deactivate() {
        sender.shutdownNow();
    }

    /** Whether "Forgot password?" is offered: mail configured, a public URL, a secret key. */
    public boolean isAvailable() {
        return mail != null && !resets.publicUrl().isEmpty() && resets.isAvailable();
    }

    /**
     * Takes a request from {@code address}; the same work whatever {@code nameOrEmail} is.
     *
     * @return {@code false} when the address is over its hourly limit (nothing happens then)
     */
    public boolean request(String nameOrEmail, String address) {
        if (!perAddress.tryAcquire(address)) {
            LOG.info("Refused a forgotten-password request from {}: over the hourly limit of the address", address);
            return false;
        }
        String typed = nameOrEmail == null ? "" : nameOrEmail.strip();
        try {
            sender.execute(() -> handle(typed, address));
        } catch (RejectedExecutionException e) {
            LOG.warn("Dropped a forgotten-password request from {}: {} are waiting for the mail server", address,
                    MAX_QUEUED);
        }
        return true;
    }

    private void handle(String typed, String address) {
        List<User> accounts = accounts(typed);
        if (accounts.isEmpty()) {
            LOG.info("A forgotten-password request from {} names no account with an email address", address);
            return;
        }
        for (User user : accounts) {
            if (!perAccount.tryAcquire(user.name())) {
                LOG.info("No password-reset mail for user '{}' (request from {}): over its hourly limit", user.name(),
                        address);
                continue;
            }
            send(user, address);
        }
    }

    private void send(User user, String address) {
        ResetMail current = mail;
        String base = resets.publicUrl();
        if (current == null || base.isEmpty()) {
            LOG.warn("No password-reset mail for user '{}': mail or publicUrl is no longer configured", user.name());
            return;
        }
        try {
            String link = base + resets.issue(user.name(), "A forgotten-password request from " + address);
            current.send(user.email(), "Reset your password", text(user, base, link));
            LOG.info("Sent a password-reset mail to user '{}' (request from {})", user.name(), address);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not send the password-reset mail of user '{}': {}", user.name(), e.getMessage());
        }
    }

    private String text(User user, String base, String link) {
        return "Someone, hopefully you, asked to reset the password of your account '" + user.name() + "' at "
                + base + ".\n\nOpen this link within " + resets.lifetimeMinutes() + " minutes to set a new password."
                + " It works once:\n\n" + link + "\n\nIf it was not you, ignore this mail: your password stays as it is.\n";
    }

    /** The enabled accounts with an address that {@code typed} names: by user name, or by address. */
    private List<User> accounts(String typed) {
        List<User> found = new ArrayList<>();
        if (typed.indexOf('@') < 0) {
            User user = UserNames.isValidName(typed) ? directory.find(typed) : null;
            if (user != null && user.isEnabled() && user.email() != null) {
                found.add(user);
            }
            return found;
        }
        String wanted = typed.toLowerCase(Locale.ROOT);
        for (User user : directory.users()) {
            if (user.isEnabled() && user.email() != null && user.email().toLowerCase(Locale.ROOT).equals(wanted)) {
                found.add(user);
            }
        }
        return found;
    }
}
