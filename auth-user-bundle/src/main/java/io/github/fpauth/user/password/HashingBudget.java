package io.github.fpauth.user.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share of the machine's CPU time that password hashing may take. Bounding how many hashes
 * run at once is not enough: a flood of wrong-password logins keeps that many cores hashing all
 * the time, and the requests that need no hash (public pages, sessions, tokens) lose their share.
 *
 * <p>A token bucket kept as a "next free time" clock: hashing may use {@code share × cores}
 * core-seconds per second; while it uses less, the unused time builds up to a burst
 * ({@value #BURST_SECONDS} s of CPU time: a dozen logins after a quiet moment go through
 * at full speed). Each hash reserves its turn first come, first served, with the cost of the
 * last hash as its estimate, waits for its turn, and is then charged what it really took (its
 * wall time, which overstates its CPU time under contention: the safe side). A turn further
 * away than the longest wait is refused with a {@link HashingBusyException}, spending nothing,
 * after being held for the longest wait (a sleeping thread, bounded): so at most a few seconds
 * of hashes ever wait, and a flood is slowed down to the pace of its refusals.
 *
 * <p>Lock-free: one immutable clock swapped by compare-and-set. One budget serves the bundle for
 * its whole life: a reconfiguration keeps the debt (or the saved-up burst) and changes the rate.
 */
public final class HashingBudget {

    /** The CPU time that builds up while hashing is idle, in seconds. */
    public static final int BURST_SECONDS = 2;
    public static final double MIN_SHARE = 0.01;
    public static final double MAX_SHARE = 1;

    /** How many refusals may be held at once before they are answered (see {@link #hold}). */
    static final int HELD_REFUSALS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(HashingBudget.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Sleeps about that long (less when woken early), or throws when the thread is interrupted. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final int cores;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final AtomicReference<Clock> clock;
    private final AtomicLong lastCost = new AtomicLong();
    private final Semaphore held = new Semaphore(HELD_REFUSALS);
    private final AtomicLong lastWarning;
    private volatile long maxWaitNanos;

    /** A budget of this machine's cores, full, on the system clock. */
    public HashingBudget(double share, Duration maxWait) {
        this(Runtime.getRuntime().availableProcessors(), TimeUnit.SECONDS.toNanos(BURST_SECONDS), share,
                maxWait, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    HashingBudget(int cores, long burstNanos, double share, Duration maxWait, LongSupplier nanoTime, Sleeper sleeper) {
        this.cores = Math.max(1, cores);
        this.burstNanos = burstNanos;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.maxWaitNanos = maxWait.toNanos();
        long now = nanoTime.getAsLong();
        double rate = rate(share);
        this.clock = new AtomicReference<>(new Clock(now - (long) (burstNanos / rate), rate)); // a full burst
        this.lastWarning = new AtomicLong(now - WARNING_INTERVAL_NANOS);
    }

    /**
     * A new share of the CPU time and a new longest wait. What is owed (or saved up) is kept, as
     * CPU time: the turns already given keep their place, the next ones follow the new rate.
     *
     * @throws IllegalArgumentException for a share outside [{@value #MIN_SHARE}, {@value #MAX_SHARE}]
     */
    public void configure(double share, Duration maxWait) {
        double rate = rate(share);
        maxWaitNanos = maxWait.toNanos();
        long now = nanoTime.getAsLong();
        clock.updateAndGet(current -> current.withRate(now, burstNanos, rate));
    }

    private double rate(double share) {
        if (!(share >= MIN_SHARE && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("the share of CPU time must be within [" + MIN_SHARE + ", " + MAX_SHARE
                    + "], not " + share);
        }
        return share * cores;
    }

    /**
     * Books the next turn, first come, first served, without waiting for it.
     *
     * @throws HashingBusyException when the turn would be further away than the longest wait:
     *         nothing is booked then, and the refusal is held for the longest wait first
     */
    public Turn reserve() {
        long estimate = lastCost.get();
        while (true) {
            long now = nanoTime.getAsLong();
            Clock current = clock.get();
            long base = current.base(now, burstNanos);
            long start = base - now > 0 ? base : now;
            long wait = start - now;
            if (wait > maxWaitNanos) {
                refused(now, wait);
                throw hold(wait);
            }
            if (clock.compareAndSet(current, new Clock(base + current.wall(estimate), current.rate))) {
                return new Turn(start, estimate);
            }
        }
    }

    /** How long a turn booked now would wait for its start. */
    long peekWait() {
        long now = nanoTime.getAsLong();
        return Math.max(0, clock.get().base(now, burstNanos) - now);
    }

    /**
     * A turn that neither waits nor can be refused, for a hash that must happen (the dummy hash
     * of a new configuration): it is charged afterwards, so the turns after it wait for it.
     */
    public Turn immediate() {
        return new Turn(nanoTime.getAsLong(), 0);
    }

    /**
     * Holds a refusal for the longest wait before it is answered, when one of the
     * {@value #HELD_REFUSALS} places is free: an answer at once would only invite the next
     * attempt at once, and a flood of cheap refusals costs the other requests as much CPU time as
     * the hashes it is refused. A held refusal costs a sleeping thread, no CPU time; beyond the
     * places, refusals are answered at once.
     */
    private HashingBusyException hold(long wait) {
        long after = 0;
        if (held.tryAcquire()) {
            try {
                sleeper.sleep(maxWaitNanos);
                after = maxWaitNanos;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.release();
            }
        }
        long drains = Math.max(TimeUnit.SECONDS.toNanos(1), wait - after);
        return new HashingBusyException(-Math.floorDiv(-drains, TimeUnit.SECONDS.toNanos(1))); // when it drains
    }

    private void refused(long now, long wait) {
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Password hashing has used its share of CPU time: logins that would wait {} ms (more than {} ms) "
                    + "are answered busy", TimeUnit.NANOSECONDS.toMillis(wait), TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        }
    }

    /** Moves the clock by {@code cpuNanos} of hashing (back, for a negative amount). */
    private void charge(long cpuNanos) {
        long now = nanoTime.getAsLong();
        clock.updateAndGet(current -> new Clock(current.base(now, burstNanos) + current.wall(cpuNanos), current.rate));
    }

    /** One booked hash: wait for it, then run it. */
    public final class Turn {

        private final long start;
        private final long estimate;

        private Turn(long start, long estimate) {
            this.start = start;
            this.estimate = estimate;
        }

        /** The {@code nanoTime} at which the hash may start. */
        long start() {
            return start;
        }

        /**
         * Waits until the turn comes.
         *
         * @throws HashingBusyException when interrupted (the interrupt is kept): the turn is given back
         */
        public void await() {
            try {
                long remaining;
                while ((remaining = start - nanoTime.getAsLong()) > 0) {
                    sleeper.sleep(remaining);
                }
            } catch (InterruptedException e) {
                throw interrupted();
            }
        }

        /**
         * After an interrupted wait (for the turn or anything else before the hash): gives the
         * turn back, keeps the interrupt, and returns the refusal to throw.
         */
        public HashingBusyException interrupted() {
            Thread.currentThread().interrupt();
            charge(-estimate);
            return new HashingBusyException(1);
        }

        /** Runs the hash now and charges what it took instead of the estimate. */
        public <T> T run(Supplier<T> hash) {
            long started = nanoTime.getAsLong();
            try {
                return hash.get();
            } finally {
                long cost = nanoTime.getAsLong() - started;
                lastCost.set(cost);
                charge(cost - estimate);
            }
        }
    }

    /**
     * The budget's state, swapped whole: the time from which hashing is free again, and the rate
     * in core-nanoseconds of hashing per nanosecond.
     */
    private static final class Clock {
        final long freeAt;
        final double rate;

        Clock(long freeAt, double rate) {
            this.freeAt = freeAt;
            this.rate = rate;
        }

        /** The wall time that {@code cpuNanos} of hashing take from the budget. */
        long wall(long cpuNanos) {
            return (long) (cpuNanos / rate);
        }

        /** Where the clock stands at {@code now}: no further back than a full burst. */
        long base(long now, long burstNanos) {
            long full = now - wall(burstNanos);
            return freeAt - full < 0 ? full : freeAt;
        }

        /** The same debt (or saving) of CPU time at another rate. */
        Clock withRate(long now, long burstNanos, double next) {
            long owed = base(now, burstNanos) - now;
            return new Clock(now + (long) (owed * rate / next), next);
        }
    }
}
