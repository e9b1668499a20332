package io.github.fpauth.user.session;

import java.time.Duration;

/**
 * How long sessions live: an idle timeout (since the last request) and an absolute one (since
 * login), each for ordinary and for "remember me" sessions, plus how many sessions one user may
 * hold. Immutable; applied to existing sessions as soon as it is configured.
 */
public final class SessionTimeouts {

    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(12);
    public static final Duration DEFAULT_REMEMBER_ME = Duration.ofDays(30);
    public static final int DEFAULT_MAX_PER_USER = 10;

    private final long idleMillis;
    private final long absoluteMillis;
    private final long rememberIdleMillis;
    private final long rememberAbsoluteMillis;
    private final int maxPerUser;

    /** Durations are raised to at least one second; whichever timeout comes first ends a session. */
    public SessionTimeouts(Duration idle, Duration absolute, Duration rememberIdle, Duration rememberAbsolute,
            int maxPerUser) {
        this.idleMillis = atLeastOneSecond(idle);
        this.absoluteMillis = atLeastOneSecond(absolute);
        this.rememberIdleMillis = atLeastOneSecond(rememberIdle);
        this.rememberAbsoluteMillis = atLeastOneSecond(rememberAbsolute);
        this.maxPerUser = Math.max(1, maxPerUser);
    }

    public static SessionTimeouts defaults() {
        return new SessionTimeouts(DEFAULT_IDLE, DEFAULT_ABSOLUTE, DEFAULT_REMEMBER_ME, DEFAULT_REMEMBER_ME,
                DEFAULT_MAX_PER_USER);
    }

    private static long atLeastOneSecond(Duration duration) {
        return Math.max(1000, duration.toMillis());
    }

    long idleMillis() {
        return idleMillis;
    }

    long absoluteMillis() {
        return absoluteMillis;
    }

    long rememberIdleMillis() {
        return rememberIdleMillis;
    }

    long rememberAbsoluteMillis() {
        return rememberAbsoluteMillis;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    /** Whether {@code session} has ended by now, idle or absolute. */
    public boolean isExpired(Session session, long nowMillis) {
        boolean remember = session.rememberMe();
        return nowMillis - session.lastSeenMillis() >= (remember ? rememberIdleMillis : idleMillis)
                || nowMillis - session.createdMillis() >= (remember ? rememberAbsoluteMillis : absoluteMillis);
    }

    /**
     * How long a browser should keep the cookie: "remember me" cookies outlive the browser until
     * the absolute timeout; ordinary ones are session cookies ({@code -1}).
     */
    public long cookieMaxAgeSeconds(Session session, long nowMillis) {
        if (!session.rememberMe()) {
            return -1;
        }
        return Math.max(0, (session.createdMillis() + rememberAbsoluteMillis - nowMillis) / 1000);
    }
}
