package io.github.fpauth.user.password;

/**
 * A password was not hashed because hashing is over its CPU budget (or the wait for a turn was
 * interrupted): nothing was checked and nothing was changed. Neither a failure nor a success of
 * the account: callers answer "busy, retry later" (503 with {@code Retry-After}), never "wrong
 * password", and never grant access.
 */
public final class HashingBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public HashingBusyException(long retryAfterSeconds) {
        // No stack trace: thrown by the thousand in a login flood, and never a bug.
        super("The server is busy checking passwords. Try again in " + Math.max(1, retryAfterSeconds) + " seconds.",
                null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** When a new attempt may get a turn, in whole seconds, at least 1: for {@code Retry-After}. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
