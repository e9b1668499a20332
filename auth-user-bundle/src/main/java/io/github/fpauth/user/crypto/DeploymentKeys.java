package io.github.fpauth.user.crypto;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserConfig;
import io.github.fpauth.user.UserDirectoryComponent;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.AtomicFile;

/**
 * Where the {@link DeploymentKey} comes from: the {@code secretKey} setting of
 * {@value UserConfig#PID} when set (the same on every node), else, with the file store, a key
 * file {@value #KEY_FILE} beside the users, created at first use with owner-only permissions.
 * With a shared store and no setting there is none, and what needs it is unavailable (fails
 * closed): a key file would differ from node to node.
 */
@Component(service = DeploymentKeys.class, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class DeploymentKeys {

    /** The key file's name beside the user store (file store only). */
    public static final String KEY_FILE = "secret.key";

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentKeys.class);

    private final SecureRandom random = new SecureRandom();
    private final File keyFile;
    private volatile Optional<DeploymentKey> key;
    private volatile String problem;

    @Activate
    public DeploymentKeys(BundleContext context, @Reference SharedStoreTracker storage, UserConfig config) {
        this(storage.isShared() ? null : UserDirectoryComponent.storeFile(context, KEY_FILE), config);
    }

    /** @param keyFile {@code null}: no key file (a shared store, or a test of one class) */
    public DeploymentKeys(File keyFile, UserConfig config) {
        this.keyFile = keyFile;
        load(config);
    }

    private DeploymentKeys(DeploymentKey fixed) {
        this.keyFile = null;
        this.key = Optional.of(fixed);
    }

    /** A fixed key (tests of one class). */
    public static DeploymentKeys of(DeploymentKey key) {
        return new DeploymentKeys(key);
    }

    @Modified
    void modified(UserConfig config) {
        load(config);
    }

    /** The key, or empty (then {@link #problem()} says why). */
    public Optional<DeploymentKey> key() {
        return key;
    }

    /** Why there is no key, for log lines and pages; {@code null} when there is one. */
    public String problem() {
        return problem;
    }

    private void load(UserConfig config) {
        String configured = config.secretKey();
        try {
            DeploymentKey loaded = configured != null && !configured.isBlank() ? DeploymentKey.parse(configured)
                    : fromFile();
            if (loaded == null) {
                fail("no secretKey is configured (" + UserConfig.PID + "; with a shared store every node needs the same)");
                return;
            }
            key = Optional.of(loaded);
            problem = null;
        } catch (IllegalArgumentException | IOException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String why) {
        key = Optional.empty();
        problem = why;
        LOG.error("auth-user has no secret key: {}. Two-factor sign-in and password-reset links are unavailable"
                + " (nobody can enrol, accounts with a second factor cannot finish signing in)", why);
    }

    /** The key file's key, created first when missing; {@code null} without a key file. */
    private DeploymentKey fromFile() throws IOException {
        if (keyFile == null) {
            return null;
        }
        AtomicFile file = new AtomicFile(keyFile.toPath());
        synchronized (this) {
            Optional<byte[]> stored = file.read();
            if (stored.isPresent()) {
                try {
                    return DeploymentKey.parse(new String(stored.get(), StandardCharsets.US_ASCII));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the key file " + keyFile + " is damaged: " + e.getMessage());
                }
            }
            String text = DeploymentKey.newKeyText(random);
            file.write(text.getBytes(StandardCharsets.US_ASCII));
            try {
                Files.setPosixFilePermissions(keyFile.toPath(), PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            LOG.info("Created the secret key file {} (back it up with the users: without it, two-factor sign-in"
                    + " must be reset for every user)", keyFile);
            return DeploymentKey.parse(text);
        }
    }
}
