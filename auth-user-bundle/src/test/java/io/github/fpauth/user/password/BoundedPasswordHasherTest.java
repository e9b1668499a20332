package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class BoundedPasswordHasherTest {

    /** A hasher whose verify blocks until released, counting who is inside. */
    private static final class GatedHasher implements PasswordHasher {
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
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(gated, permits);

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
    public void anInterruptedWaitIsNotAMatch() throws Exception {
        Semaphore none = new Semaphore(0);
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(new GatedHasher(), none);
        Thread.currentThread().interrupt();
        assertFalse(bounded.verify("a", "a"));
        assertTrue(Thread.interrupted());
    }

    @Test
    public void atLeastOnePermit() {
        assertTrue(BoundedPasswordHasher.defaultPermits().availablePermits() >= 1);
    }
}
