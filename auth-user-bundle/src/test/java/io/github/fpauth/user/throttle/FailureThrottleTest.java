package io.github.fpauth.user.throttle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class FailureThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private FailureThrottle throttle(int account, int address, int perHour) {
        return new FailureThrottle(new ThrottleSettings(account, address, 1, 900, perHour, 1000), now::get);
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    @Test
    public void allowsTheFirstFailuresThenRefusesWithGrowingDelays() {
        FailureThrottle throttle = throttle(5, 1000, 100);
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", "192.0.2.1");
            assertTrue("after " + (i + 1) + " failures", throttle.check("alice", "192.0.2.1").isAllowed());
        }
        throttle.recordFailure("alice", "192.0.2.1");
        assertEquals(1, throttle.check("alice", "192.0.2.1").retryAfterSeconds());
        assertEquals("another address, same account", 1, throttle.check("alice", "198.51.100.7").retryAfterSeconds());
        assertTrue("another account is not affected", throttle.check("bob", "198.51.100.7").isAllowed());

        advanceSeconds(1);
        assertTrue(throttle.check("alice", "192.0.2.1").isAllowed());
        throttle.recordFailure("alice", "192.0.2.1");
        assertEquals(2, throttle.check("alice", null).retryAfterSeconds());
        advanceSeconds(2);
        throttle.recordFailure("alice", "192.0.2.1");
        assertEquals(4, throttle.check("alice", null).retryAfterSeconds());
    }

    @Test
    public void delaysAreBounded() {
        FailureThrottle throttle = throttle(1, 1000, 100);
        for (int i = 0; i < 40; i++) {
            throttle.recordFailure("admin", null);
        }
        assertEquals(900, throttle.check("admin", null).retryAfterSeconds());
    }

    @Test
    public void successEndsTheAccountsRunButNotTheAddresses() {
        FailureThrottle throttle = throttle(2, 3, 100);
        throttle.recordFailure("alice", "192.0.2.1");
        throttle.recordFailure("alice", "192.0.2.1");
        assertFalse(throttle.check("alice", null).isAllowed());
        throttle.recordSuccess("alice", "192.0.2.1");
        assertTrue(throttle.check("alice", null).isAllowed());
        throttle.recordFailure("bob", "192.0.2.1");
        assertFalse("the address has 3 failures", throttle.check("carol", "192.0.2.1").isAllowed());
    }

    @Test
    public void anAddressIsThrottledAcrossAccounts() {
        FailureThrottle throttle = throttle(1000, 3, 100);
        throttle.recordFailure("a", "192.0.2.1");
        throttle.recordFailure("b", "192.0.2.1");
        assertTrue(throttle.check("c", "192.0.2.1").isAllowed());
        throttle.recordFailure("c", "192.0.2.1");
        assertFalse(throttle.check("d", "192.0.2.1").isAllowed());
        assertTrue("other addresses are not affected", throttle.check("d", "192.0.2.2").isAllowed());
    }

    @Test
    public void anAccountNeverAllowsMoreThanTheHourlyCapWhateverTheAddresses() {
        FailureThrottle throttle = throttle(10_000, 10_000, 100);
        for (int i = 0; i < 100; i++) {
            assertTrue("attempt " + i, throttle.check("admin", "10.0.0." + i).isAllowed());
            throttle.recordFailure("admin", "10.0.0." + i);
            advanceSeconds(10);
        }
        Verdict verdict = throttle.check("admin", "10.0.1.1");
        assertFalse(verdict.isAllowed());
        // the first failure was 1000 s ago: it leaves the hour in 2600 s
        assertEquals(2600, verdict.retryAfterSeconds());
        throttle.recordSuccess("admin", "10.0.1.1");
        assertFalse("a success does not reset the hourly cap", throttle.check("admin", null).isAllowed());
        advanceSeconds(2600);
        assertTrue(throttle.check("admin", null).isAllowed());
    }

    @Test
    public void unlockClearsAccountsAndAddresses() {
        FailureThrottle throttle = throttle(1, 1, 100);
        throttle.recordFailure("admin", "192.0.2.1");
        List<Lockout> lockouts = throttle.lockouts();
        assertEquals(lockouts.toString(), 2, lockouts.size());
        assertEquals(1, throttle.unlock("admin"));
        assertFalse(throttle.check("admin", "192.0.2.1").isAllowed());
        assertEquals(1, throttle.unlock("192.0.2.1"));
        assertTrue(throttle.check("admin", "192.0.2.1").isAllowed());
        assertEquals(0, throttle.unlock("nobody"));
        assertTrue(throttle.lockouts().isEmpty());
    }

    @Test
    public void aRunIsForgottenAfterAnHourWithoutFailures() {
        FailureThrottle throttle = throttle(2, 1000, 100);
        throttle.recordFailure("alice", null);
        advanceSeconds(3601);
        throttle.recordFailure("alice", null);
        assertTrue(throttle.check("alice", null).isAllowed());
    }

    @Test
    public void memoryIsBounded() {
        FailureThrottle throttle = new FailureThrottle(new ThrottleSettings(5, 5, 1, 900, 100, 64), now::get);
        throttle.recordFailure("admin", null);
        throttle.recordFailure("admin", null);
        throttle.recordFailure("admin", null);
        throttle.recordFailure("admin", null);
        throttle.recordFailure("admin", null);
        for (int i = 0; i < 1000; i++) {
            throttle.recordFailure("user" + i, "10.1." + (i / 256) + "." + (i % 256));
        }
        assertTrue("size " + throttle.size(), throttle.size() <= 2 * 64);
        assertFalse("blocked entries are evicted last", throttle.check("admin", null).isAllowed());
    }

    @Test
    public void hugeOrMissingKeysAreIgnored() {
        FailureThrottle throttle = throttle(1, 1000, 100);
        throttle.recordFailure("x".repeat(10_000), null);
        throttle.recordFailure(null, null);
        assertEquals(0, throttle.size());
        assertTrue(throttle.check(null, null).isAllowed());
    }

    @Test
    public void isQuietUntilAFailureIsRecorded() {
        FailureThrottle throttle = throttle(1, 1, 100);
        assertTrue(throttle.isQuiet());
        throttle.recordSuccess("alice", "192.0.2.1");
        throttle.recordFailure("x".repeat(10_000), null);
        throttle.recordFailure(null, null);
        assertTrue("nothing recorded", throttle.isQuiet());

        throttle.recordFailure("alice", null);
        assertFalse("an account's failure", throttle.isQuiet());
        assertFalse(throttle.check("alice", null).isAllowed());
        throttle.recordSuccess("alice", null);
        assertFalse("a success ends the run, the record stays", throttle.isQuiet());

        FailureThrottle other = throttle(1, 1, 100);
        other.recordFailure(null, "192.0.2.1");
        assertFalse("an address's failure", other.isQuiet());
        assertFalse(other.check(null, "192.0.2.1").isAllowed());
    }

    @Test
    public void isQuietAgainOnceEverythingIsUnlocked() {
        FailureThrottle throttle = throttle(1, 1, 100);
        throttle.recordFailure("admin", "192.0.2.1");
        throttle.unlock("admin");
        assertFalse("the address is still on record", throttle.isQuiet());
        throttle.unlock("192.0.2.1");
        assertTrue(throttle.isQuiet());
    }

    @Test
    public void isQuietAgainOnceEveryFailureIsForgotten() {
        FailureThrottle throttle = throttle(2, 1000, 100);
        throttle.recordFailure("alice", "192.0.2.1");
        advanceSeconds(1800);
        throttle.recordFailure("bob", "192.0.2.2");

        advanceSeconds(1801 + FailureThrottle.SWEEP_MILLIS / 1000);
        assertTrue(throttle.check("carol", null).isAllowed());
        assertEquals("alice and her address are forgotten, bob not yet", 2, throttle.size());
        assertFalse(throttle.isQuiet());
        throttle.recordFailure("bob", null);
        assertFalse("bob's run goes on", throttle.check("bob", null).isAllowed());

        advanceSeconds(3601 + FailureThrottle.SWEEP_MILLIS / 1000);
        assertTrue(throttle.check("carol", null).isAllowed());
        assertTrue(throttle.isQuiet());
        assertEquals(0, throttle.size());
    }

    @Test
    public void theHourlyCapKeepsTheThrottleBusyUntilItsFailuresLeaveTheHour() {
        FailureThrottle throttle = throttle(10_000, 10_000, 3);
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("admin", null);
        }
        advanceSeconds(3599);
        throttle.sweep(now.get());
        assertFalse(throttle.isQuiet());
        assertFalse(throttle.check("admin", null).isAllowed());
        advanceSeconds(2);
        throttle.sweep(now.get());
        assertTrue(throttle.isQuiet());
        assertTrue(throttle.check("admin", null).isAllowed());
    }

    @Test
    public void aSweepNeverLosesAFailureRecordedMeanwhile() throws Exception {
        int keys = 2000;
        // Room for all: no record is evicted to bound memory.
        FailureThrottle throttle = new FailureThrottle(new ThrottleSettings(1, 1, 1, 900, 100, 2 * keys), now::get);
        AtomicLong sweepTime = new AtomicLong(now.get());
        AtomicBoolean testing = new AtomicBoolean(true);
        CountDownLatch sweeping = new CountDownLatch(1);
        Thread sweeper = new Thread(() -> {
            sweeping.countDown();
            while (testing.get()) {
                throttle.sweep(sweepTime.get());
            }
        });
        sweeper.start();
        sweeping.await();
        try {
            for (int round = 0; round < 10; round++) {
                advanceSeconds(7200); // every record of the last round is forgotten: a sweep may remove any
                sweepTime.set(now.get());
                for (int i = keys - 1; i >= 0; i--) {
                    throttle.recordFailure("user" + i, null);
                }
                for (int i = 0; i < keys; i++) {
                    assertFalse("round " + round + ", user" + i, throttle.check("user" + i, null).isAllowed());
                }
            }
        } finally {
            testing.set(false);
            sweeper.join();
        }
        for (int i = 0; i < keys; i++) {
            assertEquals(1, throttle.unlock("user" + i));
        }
        assertTrue("every record counted once", throttle.isQuiet());
    }
}
