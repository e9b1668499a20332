package io.github.fpauth.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with how many were left out since: a client that
 * sends a forged header with every request must not fill the log, nor cost a log line per request.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong next;
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledWarning(Logger log, long interval, TimeUnit unit, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = nanoClock;
        this.next = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs {@code format} (an SLF4J pattern) with {@code args}, or counts it when one was logged lately. */
    void warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        log.warn(left == 0 ? format : format + " ({} more like it not logged since the last one)",
                left == 0 ? args : append(args, left));
    }

    private static Object[] append(Object[] args, long value) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = value;
        return all;
    }
}
