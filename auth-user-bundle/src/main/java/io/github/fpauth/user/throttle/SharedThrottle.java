package io.github.fpauth.user.throttle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.shared.Replica;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.store.UserStoreException;

/**
 * The {@link Throttle} of nodes that share a {@link SharedStore}: the same rules as
 * {@link FailureThrottle}, but every node counts against the same records, so N nodes never give
 * a guesser N times the budget.
 *
 * <p>A failure is counted in one transaction of the shared store (the record is read, counted and
 * written with its row held), then re-read here; other nodes re-read it when the store announces
 * it. {@link #check} reads the replica only: lock-free, no store access. While the store is
 * unreachable, failures cannot be counted; auth-user answers 503 before checking anything then.
 */
public final class SharedThrottle implements Throttle, Replica {

    private static final Logger LOG = LoggerFactory.getLogger(SharedThrottle.class);

    private final SharedStoreTracker tracker;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, FailureRow> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FailureRow> addresses = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Records in both maps; written under writeLock. */
    private volatile int remembered;
    private volatile ThrottleSettings settings;

    /** @param clock epoch milliseconds */
    public SharedThrottle(SharedStoreTracker tracker, ThrottleSettings settings, LongSupplier clock) {
        this.tracker = tracker;
        this.settings = settings;
        this.clock = clock;
    }

    public void reconfigure(ThrottleSettings newSettings) {
        this.settings = newSettings;
    }

    @Override
    public ThrottleSettings settings() {
        return settings;
    }

    @Override
    public boolean isQuiet() {
        return remembered == 0;
    }

    @Override
    public Verdict check(String account, String address) {
        if (isQuiet()) {
            return Verdict.ALLOWED;
        }
        long until = Math.max(blockedUntil(accounts, FailureThrottle.key(account)),
                blockedUntil(addresses, FailureThrottle.key(address)));
        if (until == 0) {
            return Verdict.ALLOWED;
        }
        long wait = until - clock.getAsLong();
        return wait > 0 ? Verdict.refused((wait + 999) / 1000) : Verdict.ALLOWED;
    }

    private static long blockedUntil(Map<String, FailureRow> records, String key) {
        FailureRow row = key == null ? null : records.get(key);
        return row == null ? 0 : row.blockedUntilMillis();
    }

    @Override
    public void recordFailure(String account, String address) {
        ThrottleSettings current = settings;
        long now = clock.getAsLong();
        String accountKey = FailureThrottle.key(account);
        if (accountKey != null) {
            count(FailureRow.Kind.ACCOUNT, accountKey, r -> r.failure(now, current, current.accountFailures()));
        }
        String addressKey = FailureThrottle.key(address);
        if (addressKey != null) {
            count(FailureRow.Kind.ADDRESS, addressKey, r -> r.failure(now, current, current.addressFailures()));
        }
    }

    @Override
    public void recordSuccess(String account, String address) {
        String key = FailureThrottle.key(account);
        FailureRow row = key == null ? null : accounts.get(key);
        if (row == null || row.consecutive() == 0) {
            return; // nothing to end: no write for every signed-in request
        }
        ThrottleSettings current = settings;
        long now = clock.getAsLong();
        count(FailureRow.Kind.ACCOUNT, key, r -> r.success(now, current, current.accountFailures()));
    }

    private void count(FailureRow.Kind kind, String key, Consumer<FailureRecord> outcome) {
        try {
            SharedStore store = tracker.store();
            store.updateFailure(kind, key, row -> {
                FailureRecord record = row == null ? new FailureRecord(kind == FailureRow.Kind.ACCOUNT)
                        : FailureRecord.of(row);
                outcome.accept(record);
                return record.row(kind, key);
            });
            refresh(store, kind, key);
        } catch (StoreUnavailableException e) {
            LOG.warn("Could not count an attempt of {} {} in the shared store: {}", kind, key, e.getMessage());
        }
    }

    @Override
    public List<Lockout> lockouts() {
        long now = clock.getAsLong();
        List<Lockout> lockouts = new ArrayList<>();
        collect(accounts, Lockout.Kind.ACCOUNT, now, lockouts);
        collect(addresses, Lockout.Kind.ADDRESS, now, lockouts);
        lockouts.sort(Comparator.comparing(Lockout::until).reversed().thenComparing(Lockout::key));
        return lockouts;
    }

    private static void collect(Map<String, FailureRow> records, Lockout.Kind kind, long now, List<Lockout> out) {
        for (FailureRow row : records.values()) {
            if (row.blockedUntilMillis() > now) {
                int failures = row.consecutive();
                if (kind == Lockout.Kind.ACCOUNT) {
                    failures = Math.max(failures, FailureRecord.of(row).failuresLastHour(now));
                }
                out.add(new Lockout(kind, row.key(), failures, Instant.ofEpochMilli(row.blockedUntilMillis())));
            }
        }
    }

    @Override
    public int unlock(String accountOrAddress) {
        String key = FailureThrottle.key(accountOrAddress);
        if (key == null) {
            return 0;
        }
        try {
            SharedStore store = tracker.store();
            int cleared = store.deleteFailures(key);
            refresh(store, FailureRow.Kind.ACCOUNT, key);
            refresh(store, FailureRow.Kind.ADDRESS, key);
            return cleared;
        } catch (StoreUnavailableException e) {
            throw new UserStoreException("cannot clear failures in the shared store: " + e.getMessage(), e);
        }
    }

    /** Forgets records an hour after their last failure, here and in the shared store. */
    public void sweep() {
        long now = clock.getAsLong();
        tracker.store().deleteIdleFailures(now - FailureRecord.FORGET_MILLIS, now);
        synchronized (writeLock) {
            accounts.values().removeIf(row -> isIdle(row, now));
            addresses.values().removeIf(row -> isIdle(row, now));
            remembered = accounts.size() + addresses.size();
        }
    }

    private static boolean isIdle(FailureRow row, long now) {
        return row.blockedUntilMillis() <= now && now - row.lastFailureMillis() > FailureRecord.FORGET_MILLIS;
    }

    /** How many accounts and addresses are remembered (for tests and status). */
    public int size() {
        return accounts.size() + addresses.size();
    }

    // ---- Replica

    @Override
    public void reload(SharedStore store) {
        synchronized (writeLock) {
            Map<String, FailureRow> loadedAccounts = new HashMap<>();
            Map<String, FailureRow> loadedAddresses = new HashMap<>();
            for (FailureRow row : store.failures()) {
                (row.kind() == FailureRow.Kind.ACCOUNT ? loadedAccounts : loadedAddresses).put(row.key(), row);
            }
            // Counted up before the records can be seen, so it is never 0 while one counts.
            remembered = remembered + loadedAccounts.size() + loadedAddresses.size();
            replace(accounts, loadedAccounts);
            replace(addresses, loadedAddresses);
            remembered = accounts.size() + addresses.size();
        }
    }

    private static void replace(ConcurrentHashMap<String, FailureRow> held, Map<String, FailureRow> loaded) {
        held.putAll(loaded);
        held.keySet().retainAll(loaded.keySet());
    }

    @Override
    public void changed(SharedStore store, SharedStore.Table table, String key) {
        if (table != SharedStore.Table.FAILURES) {
            return;
        }
        int colon = key.indexOf(':');
        if (colon < 0) {
            return;
        }
        FailureRow.Kind kind;
        try {
            kind = FailureRow.Kind.valueOf(key.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return;
        }
        refresh(store, kind, key.substring(colon + 1));
    }

    /** Re-reads one record, under the lock, so the last re-read of a record is the newest. */
    private void refresh(SharedStore store, FailureRow.Kind kind, String key) {
        ConcurrentHashMap<String, FailureRow> records = kind == FailureRow.Kind.ACCOUNT ? accounts : addresses;
        synchronized (writeLock) {
            Optional<FailureRow> stored = store.failure(kind, key);
            if (stored.isPresent()) {
                if (records.put(key, stored.get()) == null) {
                    remembered = remembered + 1;
                }
            } else if (records.remove(key) != null) {
                remembered = remembered - 1;
            }
        }
    }
}
