package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class BoundedPasswordHasherTest {

    /** A budget that never delays one hash at a time: only the permits bound. */
    private static HashingBudget unlimited() {
        return new HashingBudget(HashingBudget.MAX_SHARE, Duration.ofSeconds(10));
    }

    /** A hasher whose verify blocks until released, counting who is inside. */
    private static class GatedHasher implements PasswordHasher {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public boolean verify(String password, String stored) {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            return password.equals(stored);
        }

        @Override
        public String hash(String password) {
            return password;
        }

        @Override
        public boolean needsRehash(String stored) {
            return false;
        }

        @Override
        public String dummyHash() {
            return "";
        }
    }

    @Test
    public void aSecondHashWaitsWhileThePermitIsTaken() throws Exception {
        GatedHasher gated = new GatedHasher();
        Semaphore permits = new Semaphore(1, true);
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(gated, permits, unlimited());

        Thread first = new Thread(() -> bounded.verify("a", "a"));
        first.start();
        assertTrue(gated.entered.await(10, TimeUnit.SECONDS));
        Thread second = new Thread(() -> bounded.verify("b", "b"));
        second.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (permits.getQueueLength() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("the second caller waits for the permit", 1, permits.getQueueLength());
        assertEquals(1, gated.inside.get());

        gated.release.countDown();
        first.join(10_000);
        second.join(10_000);
        assertEquals("never two hashes at once", 1, gated.maxInside.get());
        assertEquals("permits are given back", 1, permits.availablePermits());
    }

    @Test
    public void anInterruptedWaitForAPermitIsRefusedNeverAMatch() throws Exception {
        Semaphore none = new Semaphore(0);
        GatedHasher gated = new GatedHasher();
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(gated, none, unlimited());
        Thread.currentThread().interrupt();
        assertThrows(HashingBusyException.class, () -> bounded.verify("a", "a"));
        assertTrue(Thread.interrupted());
        assertEquals("never hashed", 0, gated.maxInside.get());
    }

    @Test
    public void aHashBeyondTheBudgetIsRefusedBeforeItTakesAPermit() {
        long[] now = {0};
        // A budget with no burst and no waiting: the first hash's cost puts the next one out of reach.
        HashingBudget budget = new HashingBudget(2, 0, 0.5, Duration.ZERO, () -> now[0], nanos -> now[0] += nanos);
        Semaphore permits = new Semaphore(1, true);
        PasswordHasher slow = new GatedHasher() {
            @Override
            public String hash(String password) {
                now[0] += 100_000_000L;
                return password;
            }
        };
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(slow, permits, budget);
        bounded.hash("first");

        HashingBusyException refused = assertThrows(HashingBusyException.class, () -> bounded.verify("a", "a"));
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals("the permit is free", 1, permits.availablePermits());
    }

    @Test
    public void theDummyHashOfANewConfigurationIsNeverRefused() {
        long[] now = {0};
        HashingBudget budget = new HashingBudget(2, 0, 0.01, Duration.ZERO, () -> now[0], nanos -> now[0] += nanos);
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(new GatedHasher() {
            @Override
            public String dummyHash() {
                now[0] += 100_000_000L;
                return "";
            }
        }, new Semaphore(1, true), budget);
        for (int i = 0; i < 3; i++) {
            assertEquals("", bounded.dummyHash());
        }
        assertThrows("but it is charged", HashingBusyException.class, () -> bounded.hash("a"));
    }

    @Test
    public void atLeastOnePermit() {
        assertTrue(BoundedPasswordHasher.defaultPermits().availablePermits() >= 1);
    }
}
