package io.github.fpauth.user.throttle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

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
 * when full, forgotten records go first, then those not blocked, then any.
 */
public final class FailureThrottle implements Throttle {

    /** Longer claimed account names cannot exist; they are throttled by address only. */
    static final int MAX_KEY_LENGTH = 256;

    private final ConcurrentHashMap<String, FailureRecord> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FailureRecord> addresses = new ConcurrentHashMap<>();
    private final AtomicBoolean cleaning = new AtomicBoolean();
    private final LongSupplier clock;
    private volatile ThrottleSettings settings;

    /** @param clock epoch milliseconds */
    public FailureThrottle(ThrottleSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
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
    public Verdict check(String account, String address) {
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
        long wait = until - clock.getAsLong();
        return wait > 0 ? Verdict.refused((wait + 999) / 1000) : Verdict.ALLOWED;
    }

    @Override
    public void recordFailure(String account, String address) {
        ThrottleSettings current = settings;
        long now = clock.getAsLong();
        String accountKey = key(account);
        if (accountKey != null) {
            record(accounts, accountKey, true, current, now).failure(now, current, current.accountFailures());
        }
        String addressKey = key(address);
        if (addressKey != null) {
            record(addresses, addressKey, false, current, now).failure(now, current, current.addressFailures());
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
        return (accounts.remove(key) != null ? 1 : 0) + (addresses.remove(key) != null ? 1 : 0);
    }

    /** How many accounts and addresses are remembered (for tests and status). */
    public int size() {
        return accounts.size() + addresses.size();
    }

    private static String key(String value) {
        return value == null || value.isEmpty() || value.length() > MAX_KEY_LENGTH ? null : value;
    }

    private FailureRecord record(ConcurrentHashMap<String, FailureRecord> records, String key, boolean account,
            ThrottleSettings current, long now) {
        FailureRecord record = records.get(key);
        if (record != null) {
            return record;
        }
        if (records.size() >= current.maxEntries()) {
            makeRoom(records, current.maxEntries(), now);
        }
        return records.computeIfAbsent(key, k -> new FailureRecord(account));
    }

    private void makeRoom(ConcurrentHashMap<String, FailureRecord> records, int maxEntries, long now) {
        if (!cleaning.compareAndSet(false, true)) {
            return; // another thread is at it; a few entries over the cap for a moment are fine
        }
        try {
            records.values().removeIf(record -> record.isIdle(now));
            // Headroom, so a full map does not scan on every new key.
            int target = maxEntries - Math.max(1, maxEntries / 8);
            removeWhile(records, target, record -> record.blockedUntil() <= now);
            removeWhile(records, target, record -> true);
        } finally {
            cleaning.set(false);
        }
    }

    private static void removeWhile(Map<String, FailureRecord> records, int target,
            java.util.function.Predicate<FailureRecord> evictable) {
        Iterator<FailureRecord> it = records.values().iterator();
        while (records.size() > target && it.hasNext()) {
            if (evictable.test(it.next())) {
                it.remove();
            }
        }
    }
}
