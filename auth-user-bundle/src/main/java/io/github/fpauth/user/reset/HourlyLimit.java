package io.github.fpauth.user.reset;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} events per key within any hour, remembered for at most {@code maxKeys}
 * keys (the least recently used go first, which only ever allows more). Synchronized: it guards
 * "Forgot password?", a rare request, never the request path.
 */
final class HourlyLimit {

    private static final long HOUR = 3_600_000L;

    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> events;
    private volatile int limit;

    HourlyLimit(int limit, int maxKeys, LongSupplier clock) {
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.events = new LinkedHashMap<>(16, 0.75f, true);
    }

    void setLimit(int limit) {
        this.limit = limit;
    }

    /** Counts an event of {@code key} and says whether it is within the limit (an event over it is not counted). */
    synchronized boolean tryAcquire(String key) {
        long now = clock.getAsLong();
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        for (Iterator<Long> it = times.iterator(); it.hasNext();) {
            if (it.next() <= now - HOUR) {
                it.remove();
            } else {
                break;
            }
        }
        boolean allowed = times.size() < limit;
        if (allowed) {
            times.addLast(now);
        }
        if (events.size() > maxKeys) {
            Iterator<String> eldest = events.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return allowed;
    }
}
