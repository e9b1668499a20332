package io.github.fpauth.user.session;

import java.io.File;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

/**
 * Offers the bundle's {@link SessionStore}: a {@link PersistentSessionStore} in
 * {@value #SESSION_FILE} beside the user store, flushed every {@code sessionFlushSeconds} and
 * when the bundle stops, so sessions survive a stop/start of the bundle and a restart of the
 * framework. With a shared store, a {@link SharedSessionStore} instead, flushed as often.
 */
@Component(service = SessionStore.class, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class SessionStoreComponent implements SessionStore {

    public static final String SESSION_FILE = "sessions.txt";

    private static final Logger LOG = LoggerFactory.getLogger(SessionStoreComponent.class);

    private final UserDirectory directory;
    private final DurableSessionStore store;
    private final SharedStoreTracker storage;
    private final ScheduledExecutorService flusher;
    private ScheduledFuture<?> flushing;
    private int flushSeconds;

    @Activate
    public SessionStoreComponent(@Reference UserDirectory directory, @Reference SharedStoreTracker storage,
            BundleContext context, UserConfig config) {
        this.directory = directory;
        this.storage = storage;
        if (storage.isShared()) {
            SharedSessionStore shared = new SharedSessionStore(storage, new SessionSecrets(new SecureRandom()),
                    timeouts(config), System::currentTimeMillis);
            storage.register(shared);
            this.store = shared;
        } else {
            File file = UserDirectoryComponent.storeFile(context, SESSION_FILE);
            if (file == null) {
                throw new IllegalStateException("the framework offers no data area for the session file");
            }
            this.store = new PersistentSessionStore(file.toPath(), new SessionSecrets(new SecureRandom()),
                    timeouts(config), System::currentTimeMillis);
        }
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fpauth-session-flush");
            thread.setDaemon(true);
            return thread;
        });
        directory.addListener(store);
        schedule(config);
    }

    @Modified
    synchronized void modified(UserConfig config) {
        store.setTimeouts(timeouts(config));
        if (flushSeconds(config) != flushSeconds) {
            flushing.cancel(false);
            schedule(config);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        directory.removeListener(store);
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly(); // last-seen times of this run, before the bundle goes
        if (store instanceof SharedSessionStore) {
            storage.unregister((SharedSessionStore) store);
        }
    }

    private synchronized void schedule(UserConfig config) {
        flushSeconds = flushSeconds(config);
        flushing = flusher.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
    }

    private void flushQuietly() {
        try {
            store.flush();
        } catch (RuntimeException e) {
            LOG.error("Flushing the sessions failed: {}", e.toString());
        }
    }

    private static int flushSeconds(UserConfig config) {
        return Math.max(1, Math.min(config.sessionFlushSeconds(), 3600));
    }

    /** The session time limits that {@code config} sets. */
    public static SessionTimeouts timeouts(UserConfig config) {
        return new SessionTimeouts(Duration.ofSeconds(config.sessionIdleTimeoutSeconds()),
                Duration.ofSeconds(config.sessionAbsoluteTimeoutSeconds()),
                Duration.ofSeconds(config.rememberMeIdleTimeoutSeconds()),
                Duration.ofSeconds(config.rememberMeAbsoluteTimeoutSeconds()),
                Math.min(config.sessionsPerUser(), 1000));
    }

    @Override
    public NewSession create(String user, boolean rememberMe, String clientAddress, String userAgent) {
        return store.create(user, rememberMe, clientAddress, userAgent);
    }

    @Override
    public Optional<Session> resolve(String secret) {
        return store.resolve(secret);
    }

    @Override
    public List<SessionInfo> sessionsOf(String user) {
        return store.sessionsOf(user);
    }

    @Override
    public boolean revoke(String user, String publicId) {
        return store.revoke(user, publicId);
    }

    @Override
    public int revokeAll(String user) {
        return store.revokeAll(user);
    }

    @Override
    public int revokeAllExcept(String user, String keepPublicId) {
        return store.revokeAllExcept(user, keepPublicId);
    }
}
