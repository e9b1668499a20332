package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

import io.github.fpauth.user.crypto.SecretHash;

public class SessionTimeoutsTest {

    private static final long T0 = 1_000_000_000L;

    private static Session session(boolean remember, long created, long lastSeen) {
        return new Session(SecretHash.of("h"), "id", "alice", created, lastSeen, remember, "", "", "t");
    }

    private final SessionTimeouts timeouts = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12),
            Duration.ofDays(7), Duration.ofDays(30), 10);

    @Test
    public void anOrdinarySessionEndsWhenIdleOrOld() {
        assertFalse(timeouts.isExpired(session(false, T0, T0), T0 + Duration.ofMinutes(29).toMillis()));
        assertTrue(timeouts.isExpired(session(false, T0, T0), T0 + Duration.ofMinutes(30).toMillis()));
        long old = T0 + Duration.ofHours(12).toMillis();
        assertTrue("active but too old", timeouts.isExpired(session(false, T0, old - 1000), old));
    }

    @Test
    public void aRememberMeSessionFollowsItsOwnTimeouts() {
        long idleHour = T0 + Duration.ofHours(1).toMillis();
        assertFalse(timeouts.isExpired(session(true, T0, T0), idleHour));
        assertTrue(timeouts.isExpired(session(true, T0, T0), T0 + Duration.ofDays(7).toMillis()));
        long monthLater = T0 + Duration.ofDays(30).toMillis();
        assertTrue(timeouts.isExpired(session(true, T0, monthLater - 1000), monthLater));
    }

    @Test
    public void onlyRememberMeCookiesOutliveTheBrowser() {
        assertEquals(-1, timeouts.cookieMaxAgeSeconds(session(false, T0, T0), T0));
        assertEquals(Duration.ofDays(30).getSeconds(), timeouts.cookieMaxAgeSeconds(session(true, T0, T0), T0));
        assertEquals(Duration.ofDays(30).getSeconds() - 10,
                timeouts.cookieMaxAgeSeconds(session(true, T0, T0), T0 + 10_000));
    }

    @Test
    public void tinyOrNegativeValuesAreRaisedToOneSecondAndOneSession() {
        SessionTimeouts tiny = new SessionTimeouts(Duration.ZERO, Duration.ofSeconds(-5), Duration.ZERO, Duration.ZERO, 0);
        assertEquals(1, tiny.maxPerUser());
        assertFalse(tiny.isExpired(session(false, T0, T0), T0 + 999));
        assertTrue(tiny.isExpired(session(false, T0, T0), T0 + 1000));
    }

    @Test
    public void defaultsAreThirtyMinutesTwelveHoursAndThirtyDays() {
        SessionTimeouts defaults = SessionTimeouts.defaults();
        assertFalse(defaults.isExpired(session(false, T0, T0), T0 + Duration.ofMinutes(29).toMillis()));
        assertTrue(defaults.isExpired(session(false, T0, T0), T0 + Duration.ofMinutes(30).toMillis()));
        assertEquals(Duration.ofDays(30).getSeconds(), defaults.cookieMaxAgeSeconds(session(true, T0, T0), T0));
        assertEquals(10, defaults.maxPerUser());
    }
}
