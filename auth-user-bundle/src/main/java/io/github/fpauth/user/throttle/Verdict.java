package io.github.fpauth.user.throttle;

/** The answer of {@link Throttle#check}: go ahead, or wait this many seconds. Immutable. */
public final class Verdict {

    public static final Verdict ALLOWED = new Verdict(0);

    private final long retryAfterSeconds;

    private Verdict(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Refused for at least one more second. */
    public static Verdict refused(long retryAfterSeconds) {
        return new Verdict(Math.max(1, retryAfterSeconds));
    }

    public boolean isAllowed() {
        return retryAfterSeconds == 0;
    }

    /** Seconds until an attempt may be made again, for {@code Retry-After}; 0 when allowed. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String toString() {
        return isAllowed() ? "Verdict[allowed]" : "Verdict[retry after " + retryAfterSeconds + " s]";
    }
}
