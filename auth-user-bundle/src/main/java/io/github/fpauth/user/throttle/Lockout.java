package io.github.fpauth.user.throttle;

import java.time.Instant;

/** An account or address refused right now, as shown to operators. Immutable. */
public final class Lockout {

    /** What is locked. */
    public enum Kind {
        ACCOUNT, ADDRESS
    }

    private final Kind kind;
    private final String key;
    private final int failures;
    private final Instant until;

    public Lockout(Kind kind, String key, int failures, Instant until) {
        this.kind = kind;
        this.key = key;
        this.failures = failures;
        this.until = until;
    }

    public Kind kind() {
        return kind;
    }

    /** The account name or the client address. */
    public String key() {
        return key;
    }

    /** Failures in the current run (for an account, at least those of the last hour). */
    public int failures() {
        return failures;
    }

    public Instant until() {
        return until;
    }

    @Override
    public String toString() {
        return "Lockout[" + kind + " " + key + ", " + failures + " failures, until " + until + "]";
    }
}
