package io.github.fpauth.user.token;

import java.io.File;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserConfig;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.UserDirectoryComponent;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.User;

/**
 * The bundle's {@link AccessTokens} service: the token store next to the user store (same
 * directory), and a background flush of last-used times every
 * {@link UserConfig#tokenFlushSeconds()} (and on deactivation), so no request writes to disk.
 *
 * <p>The service always registers, so the {@code auth_user} manager can require it and is never
 * there without it. An unreadable token store is logged once at ERROR and leaves the service
 * {@linkplain AccessTokens#isAvailable() unavailable} ({@link DisabledAccessTokens}): every token
 * is refused, nothing can be created, passwords keep working, and the file is never replaced nor
 * written.
 */
@Component(service = AccessTokens.class, immediate = true, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class TokenComponent implements AccessTokens {

    public static final String STORE_FILE = "tokens.txt";

    private static final Logger LOG = LoggerFactory.getLogger(TokenComponent.class);

    private final UserDirectory directory;
    /** The readable store; {@code null} when tokens are disabled. */
    private final StoredAccessTokens stored;
    /** What the service answers with: {@link #stored}, or {@link DisabledAccessTokens}. */
    private final AccessTokens tokens;
    /** {@code null} when tokens are disabled: nothing to write. */
    private final ScheduledExecutorService flusher;
    private ScheduledFuture<?> flushing;
    private final SharedStoreTracker storage;

    @Activate
    public TokenComponent(@Reference UserDirectory directory, @Reference SharedStoreTracker storage,
            BundleContext context, UserConfig config) {
        this.directory = directory;
        this.storage = storage;
        this.stored = storage.isShared() ? openShared(storage, directory, config) : open(context, directory, config);
        if (stored == null) {
            this.tokens = new DisabledAccessTokens();
            this.flusher = null;
            return;
        }
        this.tokens = stored;
        directory.addListener(stored);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fpauth-token-flush");
            thread.setDaemon(true);
            return thread;
        });
        schedule(config);
    }

    /** The tokens of the shared store: a replica that the tracker loads and follows. */
    private static StoredAccessTokens openShared(SharedStoreTracker storage, UserDirectory directory,
            UserConfig config) {
        TokenStore store = TokenStore.shared(storage);
        storage.register(store);
        return tokens(store, directory, config);
    }

    private static StoredAccessTokens tokens(TokenStore store, UserDirectory directory, UserConfig config) {
        return new StoredAccessTokens(store, directory, new TokenSecrets(new SecureRandom()),
                () -> System.currentTimeMillis() / 1000, maxTokens(config));
    }

    /** The tokens of the store, or {@code null} (logged) when it cannot be read. Never throws. */
    private static StoredAccessTokens open(BundleContext context, UserDirectory directory, UserConfig config) {
        TokenStore store;
        try {
            store = TokenStore.open(storeFile(context).toPath());
        } catch (RuntimeException e) {
            // Not thrown: without this service the manager would not register, and passwords must keep working.
            LOG.error("Access tokens are disabled: {} -- repair or restore the file, then restart the bundle",
                    e.getMessage());
            return null;
        }
        LOG.info("Token store {} holds {} tokens", store.path(), store.size());
        return tokens(store, directory, config);
    }

    private static File storeFile(BundleContext context) {
        File file = UserDirectoryComponent.storeFile(context, STORE_FILE);
        if (file == null) {
            throw new IllegalStateException("the framework offers no data area for the token store");
        }
        return file;
    }

    private static int maxTokens(UserConfig config) {
        return Math.max(1, Math.min(config.maxTokensPerUser(), 1000));
    }

    private synchronized void schedule(UserConfig config) {
        if (flushing != null) {
            flushing.cancel(false);
        }
        long seconds = Math.max(1, Math.min(config.tokenFlushSeconds(), 86_400));
        flushing = flusher.scheduleWithFixedDelay(this::flush, seconds, seconds, TimeUnit.SECONDS);
    }

    @Modified
    void modified(UserConfig config) {
        if (stored == null) {
            return;
        }
        stored.setMaxTokensPerUser(maxTokens(config));
        schedule(config);
    }

    @Deactivate
    void deactivate() {
        if (stored == null) {
            return;
        }
        directory.removeListener(stored);
        flusher.shutdownNow();
        flush();
        storage.unregister(stored.store());
    }

    /** Writes pending last-used times now; nothing when tokens are disabled. */
    public void flush() {
        if (stored == null) {
            return;
        }
        try {
            stored.store().flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write the last-used times of access tokens: {}", e.getMessage());
        }
    }

    @Override
    public boolean isAvailable() {
        return tokens.isAvailable();
    }

    @Override
    public CreatedToken create(String owner, String name, int days) {
        return tokens.create(owner, name, days);
    }

    @Override
    public List<AccessToken> tokensOf(String owner) {
        return tokens.tokensOf(owner);
    }

    @Override
    public boolean revoke(String owner, String name) {
        return tokens.revoke(owner, name);
    }

    @Override
    public int revokeAll(String owner) {
        return tokens.revokeAll(owner);
    }

    @Override
    public User authenticate(String secret, String claimedOwner) {
        return tokens.authenticate(secret, claimedOwner);
    }
}
