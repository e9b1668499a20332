package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

/** The CPU-time budget of password hashing, on a clock that moves only when hashing or waiting moves it. */
public class HashingBudgetTest {

    private static final long MS = 1_000_000L;
    private static final int CORES = 2;
    private static final double SHARE = 0.15; // 0.3 of a core
    private static final long BURST = 2_000 * MS; // of CPU time
    private static final long COST = 140 * MS; // one hash
    /** The wall time one hash takes from the budget at {@link #SHARE}. */
    private static final double COST_WALL = COST / (SHARE * CORES);

    private long now = 1_000_000 * MS; // any origin
    private long slept;
    private final HashingBudget.Sleeper sleeper = nanos -> {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        slept += nanos;
        now += nanos;
    };

    private HashingBudget budget(double share, Duration maxWait) {
        return new HashingBudget(CORES, BURST, share, maxWait, () -> now, sleeper);
    }

    private HashingBudget budget() {
        return budget(SHARE, Duration.ofMinutes(10));
    }

    /** One hash of {@code cost}, turn to end; returns how long it waited for its turn. */
    private long hash(HashingBudget budget, long cost) {
        long before = slept;
        HashingBudget.Turn turn = budget.reserve();
        turn.await();
        run(turn, cost);
        return slept - before;
    }

    private void run(HashingBudget.Turn turn, long cost) {
        turn.run(() -> now += cost);
    }

    /** Hashes until one has to wait: the saved-up burst is spent. */
    private HashingBudget spent(HashingBudget budget) {
        for (int i = 0; i < 100; i++) {
            if (hash(budget, COST) > 0) {
                return budget;
            }
        }
        throw new AssertionError("the burst never ends");
    }

    @Test
    public void afterAQuietMomentABurstGoesThroughWithoutWaiting() {
        HashingBudget budget = budget();
        for (int i = 0; i < BURST / COST; i++) {
            assertEquals("hash " + i + " waited", 0, hash(budget, COST));
        }
    }

    @Test
    public void sustainedHashingIsHeldToItsShareOfTheCores() {
        HashingBudget budget = spent(budget());
        long start = now;
        int hashes = 100;
        for (int i = 0; i < hashes; i++) {
            hash(budget, COST);
        }
        long elapsed = now - start;
        assertEquals("N hashes of cost c take N·c/rate", hashes * COST_WALL, elapsed, COST_WALL);
        assertEquals("cores busy hashing", SHARE * CORES, (double) hashes * COST / elapsed, 0.01);
    }

    @Test
    public void turnsComeInTheOrderTheyWereBooked() {
        HashingBudget budget = spent(budget());
        HashingBudget.Turn first = budget.reserve();
        HashingBudget.Turn second = budget.reserve();
        HashingBudget.Turn third = budget.reserve();

        assertTrue(first.start() < second.start() && second.start() < third.start());
        assertEquals("one estimated hash apart", COST_WALL, second.start() - first.start(), MS);
        assertEquals(COST_WALL, third.start() - second.start(), MS);
    }

    @Test
    public void aHashIsChargedWhatItTookNotWhatWasEstimated() {
        HashingBudget budget = spent(budget());
        HashingBudget.Turn slow = budget.reserve(); // estimated at the last cost
        slow.await();
        run(slow, 3 * COST);

        HashingBudget.Turn next = budget.reserve();
        assertEquals(3 * COST_WALL, next.start() - slow.start(), MS);
    }

    @Test
    public void aTurnBeyondTheLongestWaitIsRefusedAfterBeingHeldWithoutSpendingBudget() {
        HashingBudget budget = spent(budget(SHARE, Duration.ofSeconds(3)));
        HashingBudget.Turn last = null;
        HashingBusyException refused = null;
        long wait = 0;
        for (int i = 0; i < 100 && refused == null; i++) {
            slept = 0;
            wait = last == null ? 0 : last.start() + (long) COST_WALL - now;
            try {
                last = budget.reserve();
            } catch (HashingBusyException e) {
                refused = e;
            }
        }
        assertTrue("the refused turn was more than 3 s away", wait > 3_000 * MS);
        assertEquals("held for the longest wait before the answer", 3_000 * MS, slept);
        assertEquals("Retry-After: when the booked turns are done", (wait - 3_000 * MS + 1_000 * MS - 1) / (1_000 * MS),
                refused.retryAfterSeconds());
        assertEquals("the refusal booked nothing", last.start() + COST_WALL, budget.reserve().start(), MS);
    }

    @Test
    public void refusalsBeyondTheHeldPlacesAreAnsweredAtOnce() throws Exception {
        AtomicLong clock = new AtomicLong(now);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger holding = new AtomicInteger();
        HashingBudget budget = new HashingBudget(CORES, BURST, SHARE, Duration.ofSeconds(3), clock::get, nanos -> {
            holding.incrementAndGet();
            release.await();
        });
        budget.reserve().run(() -> clock.addAndGet(COST)); // the estimate of the next turns
        for (int i = 0; i < 1000; i++) { // spend the burst and fill the queue up to the longest wait
            try {
                budget.reserve();
            } catch (HashingBusyException e) {
                fail("no refusal may be held yet: the clock does not move");
            }
            if (budget.peekWait() > 3_000 * MS) {
                break;
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(HashingBudget.HELD_REFUSALS);
        List<Future<HashingBusyException>> held = new ArrayList<>();
        try {
            for (int i = 0; i < HashingBudget.HELD_REFUSALS; i++) {
                held.add(threads.submit(() -> assertThrows(HashingBusyException.class, budget::reserve)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (holding.get() < HashingBudget.HELD_REFUSALS && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("every place holds a refusal", HashingBudget.HELD_REFUSALS, holding.get());

            assertThrows(HashingBusyException.class, budget::reserve);
            assertEquals("the refusal beyond the places was answered at once", HashingBudget.HELD_REFUSALS,
                    holding.get());
        } finally {
            release.countDown();
            threads.shutdown();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        }
        for (Future<HashingBusyException> refusal : held) {
            assertNotNull("each held reservation ends refused", refusal.get());
        }
    }

    @Test
    public void anInterruptedWaitIsRefusedAndGivesItsTurnBack() {
        HashingBudget budget = spent(budget());
        HashingBudget.Turn turn = budget.reserve();
        assertTrue("the turn is ahead", turn.start() > now);

        Thread.currentThread().interrupt();
        assertThrows(HashingBusyException.class, turn::await);
        assertTrue("the interrupt is kept", Thread.interrupted());

        assertEquals("the next turn takes its place", turn.start(), budget.reserve().start());
    }

    @Test
    public void anImmediateTurnNeverWaitsButTheNextTurnsPayForIt() {
        HashingBudget budget = spent(budget());
        HashingBudget.Turn booked = budget.reserve();
        slept = 0;
        HashingBudget.Turn immediate = budget.immediate();
        immediate.await();
        assertEquals("not even behind a booked turn", 0, slept);
        run(immediate, COST);

        assertEquals(2 * COST_WALL, budget.reserve().start() - booked.start(), MS);
    }

    @Test
    public void reconfigurationChangesTheRateAndKeepsWhatIsOwed() {
        HashingBudget budget = spent(budget());
        HashingBudget.Turn booked = budget.reserve();
        long owed = booked.start() + (long) COST_WALL - now;

        budget.configure(2 * SHARE, Duration.ofMinutes(10));

        assertEquals("the same CPU time, paid back twice as fast", owed / 2.0, budget.reserve().start() - now, MS);
    }

    @Test
    public void reconfigurationKeepsASavedUpBurst() {
        HashingBudget budget = budget();
        budget.configure(SHARE / 3, Duration.ofMinutes(10));
        for (int i = 0; i < BURST / COST; i++) {
            assertEquals("hash " + i + " waited", 0, hash(budget, COST));
        }
    }

    @Test
    public void aShareOfOneLeavesOnlyTheConcurrencyBound() {
        HashingBudget budget = budget(1, Duration.ZERO);
        for (int i = 0; i < 1_000; i++) {
            assertEquals("one hash at a time on " + CORES + " cores never waits", 0, hash(budget, COST));
        }
    }

    @Test
    public void theShareIsAFractionOfTheCores() {
        HashingBudget budget = budget();
        assertThrows(IllegalArgumentException.class, () -> budget.configure(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> budget.configure(1.5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> budget.configure(Double.NaN, Duration.ZERO));
    }
}
