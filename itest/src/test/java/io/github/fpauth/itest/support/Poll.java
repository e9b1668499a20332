package io.github.fpauth.itest.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for an asynchronous effect (a whiteboard registration, a configuration taking effect, a
 * bundle's services coming or going) by asking again and again until the answer is right.
 */
public final class Poll {

    /** Long enough for a slow shared machine, short enough to fail a broken build quickly. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final long PAUSE_MILLIS = 25;

    private Poll() {
    }

    /**
     * Asks {@code probe} until {@code done} accepts its answer, and returns that answer.
     *
     * @throws AssertionError naming {@code what} and the last answer when time runs out
     */
    public static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, DEFAULT_TIMEOUT, probe, done);
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = probe.get();
                lastFailure = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + "; last answer: " + last);
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
