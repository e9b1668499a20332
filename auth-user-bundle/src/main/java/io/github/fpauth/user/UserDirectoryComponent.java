package io.github.fpauth.user;

import java.io.File;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.password.BoundedPasswordHasher;
import io.github.fpauth.user.password.HashingBudget;
import io.github.fpauth.user.password.PasswordHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.password.RandomPasswords;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.store.UserStoreException;

/**
 * Opens the user store in the bundle's data area and offers it as the bundle's
 * {@link UserDirectory}. Immediate, so a first start creates (and announces) the admin at once.
 *
 * <p>A store that exists but cannot be read stops the bundle: running with an empty store
 * would let the first-start admin creation replace real accounts.
 *
 * <p>With a shared store ({@link SharedStoreTracker}) the users are a replica of it instead, and
 * the admin is created when the first node finds the shared store without users.
 */
@Component(service = UserDirectory.class, immediate = true, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class UserDirectoryComponent implements UserDirectory {

    /** The store's file name in the bundle's data area. */
    public static final String STORE_FILE = "users.txt";

    /**
     * Framework property naming a directory for the store instead of the bundle's data area. The
     * framework deletes a bundle's data area when the bundle is uninstalled (e.g. its jar removed
     * from a FileInstall folder); a directory of the operator's survives that.
     */
    public static final String STORE_DIRECTORY_PROPERTY = "fpauth.user.store.dir";

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectoryComponent.class);

    private final SecureRandom random = new SecureRandom();
    // One bound for the component's life: login floods must not take every core (see BoundedPasswordHasher).
    private final Semaphore hashingPermits = BoundedPasswordHasher.defaultPermits();
    // Also for the component's life, created with the first configuration: a new one keeps what hashing owes.
    private HashingBudget hashingBudget;
    private volatile StoredUserDirectory directory;
    private UserStore sharedReplica;

    @Reference
    SharedStoreTracker storage;

    @Activate
    void activate(BundleContext context, UserConfig config) {
        hashingBudget = new HashingBudget(hashingShare(config), hashingMaxWait(config));
        if (storage.isShared()) {
            sharedReplica = UserStore.shared(storage);
            StoredUserDirectory opened = new StoredUserDirectory(sharedReplica, hasher(config), policy(config));
            directory = opened;
            AdminBootstrap bootstrap = new AdminBootstrap(System::getenv, context::getProperty,
                    new RandomPasswords(random));
            storage.register(sharedReplica);
            storage.afterFirstLoad(() -> {
                try {
                    bootstrap.createAdminIfEmpty(opened);
                } catch (IllegalArgumentException e) {
                    LOG.info("Another node created the first admin meanwhile: {}", e.getMessage());
                }
            });
            return;
        }
        File file = storeFile(context, STORE_FILE);
        if (file == null) {
            throw failed(context, "the framework offers no data area for bundle " + context.getBundle().getSymbolicName()
                    + ": auth-user has nowhere to keep its users");
        }
        UserStore store;
        try {
            store = UserStore.open(file.toPath());
        } catch (UserStoreException e) {
            throw failed(context, e.getMessage() + " -- repair or restore the file, then start the bundle again"
                    + " (it is never replaced by an empty store)");
        }
        StoredUserDirectory opened = new StoredUserDirectory(store, hasher(config), policy(config));
        LOG.info("User store {} holds {} users", store.path(), store.users().size());
        try {
            new AdminBootstrap(System::getenv, context::getProperty, new RandomPasswords(random))
                    .createAdminIfEmpty(opened);
        } catch (UserStoreException e) {
            throw failed(context, e.getMessage());
        }
        directory = opened;
    }

    @Deactivate
    void deactivate() {
        if (sharedReplica != null) {
            storage.unregister(sharedReplica);
        }
    }

    /**
     * A file beside the user store: in the directory named by {@value #STORE_DIRECTORY_PROPERTY},
     * else in the bundle's data area ({@code null} when the framework offers none).
     */
    public static File storeFile(BundleContext context, String fileName) {
        String directory = context.getProperty(STORE_DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return context.getDataFile(fileName);
        }
        File dir = new File(directory.trim()).getAbsoluteFile();
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw failed(context, "cannot create the user store directory " + dir + " (" + STORE_DIRECTORY_PROPERTY
                    + ")");
        }
        return new File(dir, fileName);
    }

    @Modified
    void modified(UserConfig config) {
        // Without @Modified a new configuration would re-register the AuthManager, briefly turning auth off.
        hashingBudget.configure(hashingShare(config), hashingMaxWait(config));
        directory.reconfigure(hasher(config), policy(config));
    }

    private PasswordHasher hasher(UserConfig config) {
        int iterations = clamped("passwordIterations", config.passwordIterations(), Pbkdf2PasswordHasher.MIN_ITERATIONS,
                Pbkdf2PasswordHasher.MAX_ITERATIONS);
        return new BoundedPasswordHasher(new Pbkdf2PasswordHasher(iterations, random), hashingPermits, hashingBudget);
    }

    private static double hashingShare(UserConfig config) {
        double share = config.passwordHashingCpuShare();
        if (share >= HashingBudget.MIN_SHARE && share <= HashingBudget.MAX_SHARE) {
            return share;
        }
        double clamped = Double.isNaN(share) ? UserConfig.DEFAULT_PASSWORD_HASHING_CPU_SHARE
                : Math.max(HashingBudget.MIN_SHARE, Math.min(share, HashingBudget.MAX_SHARE));
        LOG.warn("passwordHashingCpuShare={} is outside [{}, {}]; using {}", share, HashingBudget.MIN_SHARE,
                HashingBudget.MAX_SHARE, clamped);
        return clamped;
    }

    private static Duration hashingMaxWait(UserConfig config) {
        return Duration.ofSeconds(clamped("passwordHashingMaxWaitSeconds", config.passwordHashingMaxWaitSeconds(), 0,
                UserConfig.MAX_PASSWORD_HASHING_WAIT_SECONDS));
    }

    /** {@code value} within [min, max], with a warning when it was not. */
    private static int clamped(String name, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(value, max));
        if (clamped != value) {
            LOG.warn("{}={} is outside [{}, {}]; using {}", name, value, min, max, clamped);
        }
        return clamped;
    }

    private static PasswordPolicy policy(UserConfig config) {
        PasswordPolicy policy = new PasswordPolicy(config.minPasswordLength(), config.maxPasswordLength());
        if (policy.minLength() != config.minPasswordLength() || policy.maxLength() != config.maxPasswordLength()) {
            LOG.warn("Password lengths min={} max={} are not within 1 <= min <= max <= {}; using min={} max={}",
                    config.minPasswordLength(), config.maxPasswordLength(), PasswordPolicy.ABSOLUTE_MAX_LENGTH,
                    policy.minLength(), policy.maxLength());
        }
        return policy;
    }

    /** Logs the problem, stops the bundle in the background ({@link SelfStop}), and returns what activation throws. */
    private static IllegalStateException failed(BundleContext context, String problem) {
        LOG.error("auth-user cannot start: {}. Stopping bundle {}.", problem, context.getBundle().getSymbolicName());
        ServiceReference<SelfStop> reference = context.getServiceReference(SelfStop.class);
        SelfStop stop = reference == null ? null : context.getService(reference);
        if (stop != null) {
            try {
                stop.stopInBackground();
            } finally {
                context.ungetService(reference); // SelfStop is immediate: it outlives this use
            }
        } else {
            LOG.error("Bundle {} cannot stop itself: stop it, repair the problem, then start it again",
                    context.getBundle().getSymbolicName());
        }
        return new IllegalStateException("auth-user cannot start: " + problem);
    }

    @Override
    public User find(String name) {
        return directory.find(name);
    }

    @Override
    public List<User> users() {
        return directory.users();
    }

    @Override
    public Optional<User> verifyPassword(String name, String password) {
        return directory.verifyPassword(name, password);
    }

    @Override
    public boolean rehashIfNeeded(User verified, String password) {
        return directory.rehashIfNeeded(verified, password);
    }

    @Override
    public User addUser(String name, String password, Collection<String> roles) {
        return directory.addUser(name, password, roles);
    }

    @Override
    public Optional<User> findLinked(String identity) {
        return directory.findLinked(identity);
    }

    @Override
    public User addLinkedUser(String name, String displayName, String email, Collection<String> roles,
            String identity) {
        return directory.addLinkedUser(name, displayName, email, roles, identity);
    }

    @Override
    public User linkIdentity(String name, String identity) {
        return directory.linkIdentity(name, identity);
    }

    @Override
    public void removeUser(String name) {
        directory.removeUser(name);
    }

    @Override
    public void setPassword(String name, String password) {
        directory.setPassword(name, password);
    }

    @Override
    public User setRoles(String name, Collection<String> roles) {
        return directory.setRoles(name, roles);
    }

    @Override
    public User setEnabled(String name, boolean enabled) {
        return directory.setEnabled(name, enabled);
    }

    @Override
    public User setDisplayName(String name, String displayName) {
        return directory.setDisplayName(name, displayName);
    }

    @Override
    public User setEmail(String name, String email) {
        return directory.setEmail(name, email);
    }

    @Override
    public boolean setPasswordIf(String name, String expectedHash, String password) {
        return directory.setPasswordIf(name, expectedHash, password);
    }

    @Override
    public User changeSecondFactor(String name, java.util.function.UnaryOperator<String> change) {
        return directory.changeSecondFactor(name, change);
    }

    @Override
    public void addListener(UserStore.Listener listener) {
        directory.addListener(listener);
    }

    @Override
    public void removeListener(UserStore.Listener listener) {
        directory.removeListener(listener);
    }
}
