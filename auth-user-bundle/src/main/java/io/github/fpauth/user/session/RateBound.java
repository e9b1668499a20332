package io.github.fpauth.user.session;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} permits in each second of the clock, handed out without a lock: the
 * second and the permits used in it share one atomic word.
 */
final class RateBound {

    private final int perSecond;
    private final LongSupplier clock;
    /** The current second (high 40 bits) and the permits used in it (low 24 bits). */
    private final AtomicLong state = new AtomicLong();

    RateBound(int perSecond, LongSupplier clock) {
        if (perSecond < 1 || perSecond >= 1 << 24) {
            throw new IllegalArgumentException("permits per second out of range: " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Takes a permit if one is left in the current second. */
    boolean tryAcquire() {
        long second = clock.getAsLong() / 1000;
        while (true) {
            long current = state.get();
            long used = current >>> 24 == second ? current & 0xFF_FFFF : 0;
            if (used >= perSecond) {
                return false;
            }
            if (state.compareAndSet(current, second << 24 | (used + 1))) {
                return true;
            }
        }
    }
}
