package io.github.fpauth.user.reset;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.DeploymentKeys;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.throttle.Throttle;

/**
 * Password reset by one-time link ({@link ResetLinks}): an administrator (page or Gogo) makes a
 * link for a user; whoever opens it sets a new password, which follows the password policy. A
 * completed reset ends every session of the user and clears its lockout; it leaves the second
 * factor as it is (signing in still needs the code).
 */
@Component(service = PasswordResets.class, configurationPid = PasswordResetConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PasswordResetConfig.class)
public class PasswordResets {

    /** The page a link opens. */
    public static final String PATH = "/login/reset";
    /** The link's query parameter. */
    public static final String TOKEN = "token";

    private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

    private final SecureRandom random = new SecureRandom();
    private final UserDirectory directory;
    private final DeploymentKeys keys;
    private final SessionStore sessions;
    private final Throttle throttle;
    private volatile Duration lifetime;
    private volatile String publicUrl;

    /** Refused: no key, no such user, or the link no longer works; the message is fit for the person. */
    public static final class ResetException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ResetException(String message) {
            super(message);
        }
    }

    @Activate
    public PasswordResets(@Reference UserDirectory directory, @Reference DeploymentKeys keys,
            @Reference SessionStore sessions, @Reference Throttle throttle, PasswordResetConfig config) {
        this.directory = directory;
        this.keys = keys;
        this.sessions = sessions;
        this.throttle = throttle;
        modified(config);
    }

    @Modified
    void modified(PasswordResetConfig config) {
        lifetime = Duration.ofMinutes(Math.max(5, Math.min(config.linkMinutes(), 1440)));
        publicUrl = publicUrl(config.publicUrl());
    }

    /** The configured public URL without a trailing slash, or "" when none (or invalid, logged). */
    static String publicUrl(String configured) {
        if (configured == null || configured.isBlank()) {
            return "";
        }
        String trimmed = configured.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getUserInfo() == null) {
                return trimmed;
            }
        } catch (java.net.URISyntaxException e) {
            // logged below
        }
        LOG.warn("Ignoring publicUrl '{}' of {}: expected scheme and host only, e.g. https://app.example.org",
                UserNames.printable(configured), PasswordResetConfig.PID);
        return "";
    }

    /** Whether links can be made (the deployment has a secret key). */
    public boolean isAvailable() {
        return keys.key().isPresent();
    }

    /** The configured public URL (no trailing slash), or "" when none. */
    public String publicUrl() {
        return publicUrl;
    }

    public long lifetimeMinutes() {
        return lifetime.toMinutes();
    }

    /**
     * A new link's path and query ({@value #PATH}{@code ?token=...}) for {@code name}; shown
     * once, to whoever sends it to the user. Earlier links of the user keep working until one
     * of them is used, the password changes, or they expire.
     */
    public String issue(String name, String byWhom) {
        User user = directory.find(name);
        if (user == null) {
            throw new ResetException("no user '" + UserNames.printable(name) + "'");
        }
        if (!user.isEnabled()) {
            throw new ResetException("user '" + name + "' is disabled: enable it first");
        }
        String token = links().issue(user);
        LOG.info("{} made a password-reset link for user '{}', valid {} minutes", byWhom, name, lifetime.toMinutes());
        return PATH + "?" + TOKEN + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The user {@code token} may reset, when the link still works. */
    public Optional<User> check(String token) {
        Optional<DeploymentKey> key = keys.key();
        return key.isEmpty() ? Optional.empty() : links(key.get()).verify(token, directory::find);
    }

    /**
     * Sets the new password of the link's user, then ends the user's sessions and clears its
     * lockout.
     *
     * @throws ResetException when the link no longer works
     * @throws IllegalArgumentException when the password is refused by the policy (the link still works)
     * @throws io.github.fpauth.user.password.HashingBusyException when hashing is busy (nothing changed)
     */
    public User complete(String token, String newPassword) {
        User user = check(token).orElseThrow(() -> new ResetException(
                "This reset link has expired or has been used. Ask for a new one."));
        String name = user.name();
        if (!directory.setPasswordIf(name, user.passwordHash(), newPassword)) {
            throw new ResetException("This reset link has expired or has been used. Ask for a new one.");
        }
        int ended = sessions.revokeAll(name);
        throttle.unlock(name);
        LOG.info("User '{}' reset the password by link; {} session(s) ended, lockout cleared", name, ended);
        return directory.find(name);
    }

    private ResetLinks links() {
        DeploymentKey key = keys.key().orElseThrow(() -> new ResetException(
                "Reset links are not available: auth-user has no secret key (" + keys.problem() + ")"));
        return links(key);
    }

    private ResetLinks links(DeploymentKey key) {
        return new ResetLinks(key, random, System::currentTimeMillis, lifetime);
    }
}
