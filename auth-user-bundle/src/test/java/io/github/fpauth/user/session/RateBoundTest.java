package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class RateBoundTest {

    private final AtomicLong now = new AtomicLong(1_765_000_000_123L);
    private final RateBound bound = new RateBound(3, now::get);

    @Test
    public void handsOutAtMostItsPermitsInOneSecondAndNewOnesInTheNext() {
        assertTrue(bound.tryAcquire());
        assertTrue(bound.tryAcquire());
        assertTrue(bound.tryAcquire());
        assertFalse(bound.tryAcquire());
        now.addAndGet(876); // still the same second
        assertFalse(bound.tryAcquire());
        now.addAndGet(1);
        assertTrue(bound.tryAcquire());
    }

    @Test
    public void threadsRacingForPermitsNeverGetMoreThanTheBound() throws Exception {
        RateBound many = new RateBound(1000, now::get);
        AtomicInteger granted = new AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    if (many.tryAcquire()) {
                        granted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000, granted.get());
    }
}
