package io.github.fpauth.user.throttle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class FailureRecordTest {

    private static final ThrottleSettings SETTINGS = new ThrottleSettings(1, 1000, 1, 900, 100, 1000);
    private static final long NOW = 1_000_000_000_000L;

    @Test
    public void aSuccessEndsARunOfFailures() {
        FailureRecord record = new FailureRecord(true);
        record.failure(NOW, SETTINGS, SETTINGS.accountFailures());
        record.failure(NOW, SETTINGS, SETTINGS.accountFailures());
        assertTrue(record.blockedUntil() > NOW);

        record.success(NOW, SETTINGS, SETTINGS.accountFailures());

        assertEquals(0, record.consecutive());
        assertEquals(0, record.blockedUntil());
    }

    /** Signed-in requests of an account with a record call success() each time: it must not lock then. */
    @Test
    public void aSuccessWithNothingToResetTakesNoLock() throws Exception {
        FailureRecord record = new FailureRecord(true);
        record.failure(NOW, SETTINGS, SETTINGS.accountFailures());
        record.success(NOW, SETTINGS, SETTINGS.accountFailures());

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (record) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Thread success = new Thread(() -> record.success(NOW + 1, SETTINGS, SETTINGS.accountFailures()));
            success.start();
            success.join(10_000);
            assertFalse("success() waited for the record's lock", success.isAlive());
        } finally {
            release.countDown();
            holder.join(10_000);
        }
    }
}
