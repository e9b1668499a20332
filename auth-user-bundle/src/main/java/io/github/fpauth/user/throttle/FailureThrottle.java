package io.github.fpauth.user.throttle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The {@link Throttle}: exponential delays after a few failures, per account and per address,
 * plus an hourly cap per account.
 *
 * <p>An account's delay starts after {@link ThrottleSettings#accountFailures()} consecutive
 * failures at {@link ThrottleSettings#baseDelaySeconds()} and doubles with each further failure
 * up to {@link ThrottleSettings#maxDelaySeconds()}; the same holds for an address with its own
 * threshold. Independently, an account refuses attempts while it has
 * {@link ThrottleSettings#failuresPerHour()} failures within the last hour, so no hour ever sees
 * more, whatever the addresses. Delays are bounded, so the worst a guesser can do to an admin is
 * make them wait; an operator clears it with {@link #unlock}.
 *
 * <p>Memory is bounded: each map holds at most {@link ThrottleSettings#maxEntries()} records;
 * when full, forgotten records go first, then those not blocked, then any. Forgotten records are
 * also swept every {@link #SWEEP_MILLIS}, by a check, so that the throttle turns
 * {@linkplain #isQuiet() quiet} again once every failure is forgotten.
 */
public final class FailureThrottle implements Throttle {

    /** Longer claimed account names cannot exist; they are throttled by address only. */
    static final int MAX_KEY_LENGTH = 256;
    /**
     * How often records are swept for forgotten ones. A record is forgotten an hour after its last
     * failure, so the throttle turns {@linkplain #isQuiet() quiet} again at most this much later.
     */
    static final long SWEEP_MILLIS = 60_000L;

    private final ConcurrentHashMap<String, FailureRecord> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FailureRecord> addresses = new ConcurrentHashMap<>();
    /**
     * The records in both maps: counted up before a record can be seen, and down as it is
     * removed, so it is never 0 while a record that still counts is there.
     */
    private final AtomicInteger remembered = new AtomicInteger();
    private final AtomicLong nextSweep;
    private final AtomicBoolean cleaning = new AtomicBoolean();
    private final LongSupplier clock;
    private volatile ThrottleSettings settings;

    /** @param clock epoch milliseconds */
    public FailureThrottle(ThrottleSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.getAsLong() + SWEEP_MILLIS);
    }

    public FailureThrottle(ThrottleSettings settings) {
        this(settings, System::currentTimeMillis);
    }

    /** New numbers from now on; what was recorded stays. */
    public void reconfigure(ThrottleSettings newSettings) {
        this.settings = newSettings;
    }

    @Override
    public ThrottleSettings settings() {
        return settings;
    }

    @Override
    public boolean isQuiet() {
        return remembered.get() == 0;
    }

    @Override
    public Verdict check(String account, String address) {
        if (isQuiet()) {
            return Verdict.ALLOWED;
        }
        long now = clock.getAsLong();
        sweepIfDue(now);
        long until = 0;
        String accountKey = key(account);
        if (accountKey != null) {
            FailureRecord record = accounts.get(accountKey);
            if (record != null) {
                until = record.blockedUntil();
            }
        }
        String addressKey = key(address);
        if (addressKey != null) {
            FailureRecord record = addresses.get(addressKey);
            if (record != null) {
                until = Math.max(until, record.blockedUntil());
            }
        }
        if (until == 0) {
            return Verdict.ALLOWED;
        }
        long wait = until - now;
        return wait > 0 ? Verdict.refused((wait + 999) / 1000) : Verdict.ALLOWED;
    }

    @Override
    public void recordFailure(String account, String address) {
        ThrottleSettings current = settings;
        long now = clock.getAsLong();
        String accountKey = key(account);
        if (accountKey != null) {
            fail(accounts, accountKey, true, current, now, current.accountFailures());
        }
        String addressKey = key(address);
        if (addressKey != null) {
            fail(addresses, addressKey, false, current, now, current.addressFailures());
        }
    }

    @Override
    public void recordSuccess(String account, String address) {
        String accountKey = key(account);
        if (accountKey == null) {
            return;
        }
        FailureRecord record = accounts.get(accountKey);
        if (record != null) {
            ThrottleSettings current = settings;
            record.success(clock.getAsLong(), current, current.accountFailures());
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

    private static void collect(Map<String, FailureRecord> records, Lockout.Kind kind, long now, List<Lockout> out) {
        for (Map.Entry<String, FailureRecord> entry : records.entrySet()) {
            FailureRecord record = entry.getValue();
            long until = record.blockedUntil();
            if (until > now) {
                int failures = kind == Lockout.Kind.ACCOUNT
                        ? Math.max(record.consecutive(), record.failuresLastHour(now)) : record.consecutive();
                out.add(new Lockout(kind, entry.getKey(), failures, Instant.ofEpochMilli(until)));
            }
        }
    }

    @Override
    public int unlock(String accountOrAddress) {
        String key = key(accountOrAddress);
        if (key == null) {
            return 0;
        }
        return forget(accounts, key) + forget(addresses, key);
    }

    /** How many accounts and addresses are remembered (for tests and status). */
    public int size() {
        return accounts.size() + addresses.size();
    }

    static String key(String value) {
        return value == null || value.isEmpty() || value.length() > MAX_KEY_LENGTH ? null : value;
    }

    private void fail(ConcurrentHashMap<String, FailureRecord> records, String key, boolean account,
            ThrottleSettings current, long now, int free) {
        if (records.size() >= current.maxEntries() && !records.containsKey(key)) {
            makeRoom(records, current.maxEntries(), now);
        }
        // Within the map's lock of the key, so no sweep can remove the record between finding it and
        // counting the failure: a failure is never lost.
        records.compute(key, (k, record) -> {
            if (record == null) {
                remembered.incrementAndGet(); // before the record can be seen
                record = new FailureRecord(account);
            }
            record.failure(now, current, free);
            return record;
        });
    }

    private int forget(ConcurrentHashMap<String, FailureRecord> records, String key) {
        if (records.remove(key) == null) {
            return 0;
        }
        remembered.decrementAndGet();
        return 1;
    }

    /**
     * Removes the forgotten records now and then, so that a throttle whose failures are all
     * forgotten turns quiet again. One thread sweeps; the others go on.
     */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        // (Also when it seems further away than a period: the clock was set back.)
        if (now < due && due - now <= SWEEP_MILLIS || !nextSweep.compareAndSet(due, now + SWEEP_MILLIS)) {
            return;
        }
        sweep(now);
    }

    /** Removes the records forgotten by {@code now}. */
    void sweep(long now) {
        removeWhile(accounts, 0, record -> record.isIdle(now));
        removeWhile(addresses, 0, record -> record.isIdle(now));
    }

    private void makeRoom(ConcurrentHashMap<String, FailureRecord> records, int maxEntries, long now) {
        if (!cleaning.compareAndSet(false, true)) {
            return; // another thread is at it; a few entries over the cap for a moment are fine
        }
        try {
            removeWhile(records, 0, record -> record.isIdle(now));
            // Headroom, so a full map does not scan on every new key.
            int target = maxEntries - Math.max(1, maxEntries / 8);
            removeWhile(records, target, record -> record.blockedUntil() <= now);
            removeWhile(records, target, record -> true);
        } finally {
            cleaning.set(false);
        }
    }

    /**
     * Removes records that {@code evictable} accepts while there are more than {@code target}.
     * Each is tested and removed within the map's lock of its key, as failures are counted.
     */
    private void removeWhile(ConcurrentHashMap<String, FailureRecord> records, int target,
            Predicate<FailureRecord> evictable) {
        BiFunction<String, FailureRecord, FailureRecord> evict = (key, record) -> {
            if (!evictable.test(record)) {
                return record;
            }
            remembered.decrementAndGet();
            return null;
        };
        Iterator<String> keys = records.keySet().iterator();
        while (records.size() > target && keys.hasNext()) {
            records.computeIfPresent(keys.next(), evict);
        }
    }
}
