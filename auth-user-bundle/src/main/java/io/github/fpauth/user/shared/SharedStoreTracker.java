package io.github.fpauth.user.shared;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;

/**
 * Which store auth-user uses ({@link StoreConfig}), and, for a shared one, the {@link SharedStore}
 * service of that kind as it comes and goes: a service private to this bundle.
 *
 * <p>The replicas of the bundle ({@link Replica}) register here; this tracker forwards the
 * store's announcements to them, and reloads them all whenever the store asks for it or a
 * replica failed to follow. The request path asks {@link #isAvailable()}: a few volatile reads.
 *
 * <p>No {@code @Modified}: a new store choice restarts the bundle's components on the new store.
 */
@Component(service = SharedStoreTracker.class, immediate = true, configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public class SharedStoreTracker implements SharedStore.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SharedStoreTracker.class);
    private static final long RETRY_MILLIS = 1000;

    /** The configured kind; {@code null} for the file store. */
    private final String kind;
    private final List<Candidate> candidates = new CopyOnWriteArrayList<>();
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    /** Run once each, after the next successful load. */
    private final List<Runnable> afterFirstLoad = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile SharedStore current;
    /** Every replica holds what {@link #current} held when it last was current. */
    private volatile boolean loaded;
    /**
     * Counts what makes the replicas untrustworthy (a replica registered, a change not followed):
     * a reload that overlapped one of those does not count as a load.
     */
    private final AtomicLong invalidations = new AtomicLong();
    private volatile boolean closed;

    @Activate
    public SharedStoreTracker(StoreConfig config) {
        String configured = config.store() == null ? StoreConfig.FILE : config.store().trim();
        this.kind = configured.isEmpty() || configured.equals(StoreConfig.FILE) ? null : configured;
        if (kind == null) {
            maintenance = null;
            return;
        }
        LOG.info("auth-user keeps its records in the shared store '{}' (service with {}={})", kind, SharedStore.KIND,
                kind);
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fpauth-shared-store");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        closed = true;
        SharedStore store = current;
        if (store != null) {
            store.removeListener(this);
        }
        current = null;
        loaded = false;
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
    }

    /** Whether auth-user keeps its records in a shared store rather than in files. */
    public boolean isShared() {
        return kind != null;
    }

    /** The configured shared store kind, {@code null} for the file store. */
    public String kind() {
        return kind;
    }

    /**
     * Whether the replicas may be trusted now: always for the file store; for a shared one, while
     * its service is there, current, and every replica has loaded it. Lock-free.
     */
    public boolean isAvailable() {
        if (kind == null) {
            return true;
        }
        SharedStore store = current;
        return store != null && loaded && store.isCurrent();
    }

    /** The shared store to write to. */
    public SharedStore store() {
        SharedStore store = current;
        if (store == null) {
            throw new StoreUnavailableException("no shared store '" + kind + "' is registered");
        }
        return store;
    }

    /** What {@code fpauth:store} shows. */
    public String describe() {
        if (kind == null) {
            return "file (this node only)";
        }
        SharedStore store = current;
        if (store == null) {
            return "shared store '" + kind + "': no such service registered (protected routes answer 503)";
        }
        return "shared store '" + kind + "': " + store.describe() + (isAvailable() ? ", available"
                : ", UNAVAILABLE (protected routes answer 503)");
    }

    /** Follows the shared store from now on; loads it at once when there is one. */
    public void register(Replica replica) {
        replicas.add(replica);
        if (kind != null && current != null) {
            invalidations.incrementAndGet();
            loaded = false;
            scheduleReload(0);
        }
    }

    /**
     * Runs {@code task} once, right after the replicas next hold the shared store (on the store's
     * thread); a failure is logged, and the task is tried again after the next load.
     */
    public void afterFirstLoad(Runnable task) {
        afterFirstLoad.add(task);
        if (isAvailable()) {
            scheduleReload(0);
        }
    }

    public void unregister(Replica replica) {
        replicas.remove(replica);
    }

    /** Runs {@code task} every {@code millis} on the tracker's thread while it lives (shared stores only). */
    public ScheduledFuture<?> every(long millis, Runnable task) {
        Objects.requireNonNull(maintenance, "a file store has no shared maintenance");
        return maintenance.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Shared store maintenance failed: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    // ---- the SharedStore services of the configured kind

    @Reference(service = SharedStore.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(SharedStore store, Map<String, Object> properties) {
        if (kind == null || !kind.equals(String.valueOf(properties.get(SharedStore.KIND)))) {
            return;
        }
        candidates.add(new Candidate(store, ranking(properties)));
        choose();
    }

    public void unbindStore(SharedStore store) {
        candidates.removeIf(candidate -> candidate.store == store);
        choose();
    }

    private synchronized void choose() {
        SharedStore best = null;
        int bestRanking = Integer.MIN_VALUE;
        for (Candidate candidate : candidates) {
            if (best == null || candidate.ranking > bestRanking) {
                best = candidate.store;
                bestRanking = candidate.ranking;
            }
        }
        SharedStore previous = current;
        if (best == previous || closed) {
            return;
        }
        loaded = false;
        current = best;
        if (previous != null) {
            previous.removeListener(this);
        }
        if (best == null) {
            LOG.error("The shared store '{}' went away: protected routes answer 503 until it is back", kind);
            return;
        }
        LOG.info("Following the shared store {}", best.describe());
        best.addListener(this); // the store calls reloadAll() once it is current
    }

    private static int ranking(Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    // ---- SharedStore.Listener: called on the store's thread

    @Override
    public void changed(SharedStore.Table table, String key) {
        SharedStore store = current;
        if (store == null) {
            return;
        }
        for (Replica replica : replicas) {
            try {
                replica.changed(store, table, key);
            } catch (RuntimeException e) {
                // This change is not in the replica: nothing may be trusted until all is reloaded.
                invalidations.incrementAndGet();
                loaded = false;
                LOG.warn("Could not follow a change of {} in the shared store ({}); reloading everything", table,
                        e.getMessage());
                scheduleReload(RETRY_MILLIS);
            }
        }
    }

    @Override
    public void reloadAll() {
        reload();
    }

    /** Reloads every replica from the current store; on failure, tries again a little later. */
    private synchronized void reload() {
        SharedStore store = current;
        if (store == null || closed) {
            return;
        }
        loaded = false;
        long generation = invalidations.get();
        long started = System.nanoTime();
        try {
            for (Replica replica : replicas) {
                replica.reload(store);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not load the shared store {} ({}); retrying", store.describe(), e.getMessage());
            scheduleReload(RETRY_MILLIS);
            return;
        }
        if (store != current) {
            return;
        }
        if (invalidations.get() != generation) {
            scheduleReload(0); // a replica came or missed a change meanwhile: load again
            return;
        }
        loaded = true;
        LOG.info("Loaded the shared store {} in {} ms", store.describe(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        for (Runnable task : afterFirstLoad) {
            try {
                task.run();
                afterFirstLoad.remove(task);
            } catch (RuntimeException e) {
                LOG.error("After loading the shared store: {}", e.getMessage());
            }
        }
    }

    private void scheduleReload(long delayMillis) {
        if (maintenance == null || closed || !retryScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            maintenance.schedule(() -> {
                retryScheduled.set(false);
                reload();
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            retryScheduled.set(false); // shut down
        }
    }

    private static final class Candidate {
        final SharedStore store;
        final int ranking;

        Candidate(SharedStore store, int ranking) {
            this.store = store;
            this.ranking = ranking;
        }
    }
}
