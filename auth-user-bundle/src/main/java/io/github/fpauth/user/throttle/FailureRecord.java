package io.github.fpauth.user.throttle;

import java.util.Arrays;

import io.github.fpauth.user.spi.FailureRow;

/**
 * The failures of one account or one address. Writers (failures, successes that end a run of
 * failures) take this object's lock briefly; the request path only reads volatile fields.
 */
final class FailureRecord {

    static final long HOUR_MILLIS = 3_600_000L;
    /** A run of failures is forgotten after this long without a new one. */
    static final long FORGET_MILLIS = HOUR_MILLIS;

    private final boolean keepsHourlyCount;
    private volatile long blockedUntil;
    private volatile long lastFailure;
    private volatile int consecutive;
    // guarded by this: times of the failures of the last hour, oldest first (accounts only)
    private long[] recent = new long[0];
    private int recentSize;

    FailureRecord(boolean keepsHourlyCount) {
        this.keepsHourlyCount = keepsHourlyCount;
    }

    /** The record a shared store holds (accounts keep their hourly count). */
    static FailureRecord of(FailureRow row) {
        FailureRecord record = new FailureRecord(row.kind() == FailureRow.Kind.ACCOUNT);
        record.consecutive = Math.max(0, row.consecutive());
        record.lastFailure = row.lastFailureMillis();
        record.blockedUntil = row.blockedUntilMillis();
        long[] recent = row.recentFailureMillis();
        Arrays.sort(recent);
        record.recent = recent;
        record.recentSize = record.keepsHourlyCount ? recent.length : 0;
        return record;
    }

    /** This record as a shared store holds it. */
    synchronized FailureRow row(FailureRow.Kind kind, String key) {
        return new FailureRow(kind, key, consecutive, lastFailure, blockedUntil, Arrays.copyOf(recent, recentSize));
    }

    /** Epoch milliseconds before which attempts are refused. */
    long blockedUntil() {
        return blockedUntil;
    }

    int consecutive() {
        return consecutive;
    }

    synchronized int failuresLastHour(long now) {
        dropOld(now);
        return recentSize;
    }

    synchronized void failure(long now, ThrottleSettings settings, int free) {
        int run = now - lastFailure > FORGET_MILLIS ? 0 : consecutive;
        consecutive = run == Integer.MAX_VALUE ? run : run + 1;
        lastFailure = now;
        if (keepsHourlyCount) {
            dropOld(now);
            int cap = settings.failuresPerHour();
            if (recentSize == recent.length && recent.length < cap) {
                recent = Arrays.copyOf(recent, Math.min(cap, Math.max(4, recent.length * 2)));
            }
            if (recentSize >= cap) {
                // only the newest `cap` matter to the cap
                System.arraycopy(recent, recentSize - cap + 1, recent, 0, cap - 1);
                recentSize = cap - 1;
            }
            recent[recentSize++] = now;
        }
        recompute(now, settings, free);
    }

    void success(long now, ThrottleSettings settings, int free) {
        if (consecutive == 0) {
            // Nothing to reset: every signed-in request of an account with a record comes here,
            // and must not take a lock. (A blockedUntil kept from the hourly cap is already due
            // when its oldest failure leaves the hour, so skipping the recompute changes nothing.)
            return;
        }
        synchronized (this) {
            consecutive = 0;
            recompute(now, settings, free);
        }
    }

    /** Nothing to remember any more: not blocked, and the last failure is long forgotten. */
    boolean isIdle(long now) {
        return blockedUntil <= now && now - lastFailure > FORGET_MILLIS;
    }

    private void recompute(long now, ThrottleSettings settings, int free) {
        long until = consecutive == 0 ? 0 : lastFailure + settings.delayMillis(consecutive, free);
        if (keepsHourlyCount) {
            dropOld(now);
            int cap = settings.failuresPerHour();
            if (recentSize >= cap) {
                // the oldest of the last `cap` failures must leave the hour before another attempt
                until = Math.max(until, recent[recentSize - cap] + HOUR_MILLIS);
            }
        }
        blockedUntil = until;
    }

    private void dropOld(long now) {
        int old = 0;
        while (old < recentSize && now - recent[old] >= HOUR_MILLIS) {
            old++;
        }
        if (old > 0) {
            System.arraycopy(recent, old, recent, 0, recentSize - old);
            recentSize -= old;
        }
    }
}
