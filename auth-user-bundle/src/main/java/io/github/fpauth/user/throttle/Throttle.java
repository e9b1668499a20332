package io.github.fpauth.user.throttle;

import java.util.List;

/**
 * Brute-force protection for every way of presenting a secret (login form, HTTP Basic, access
 * tokens): failures are counted per account and per client address, and after a few of them
 * further attempts are refused for a growing, bounded delay. A service private to this bundle.
 *
 * <p>Use: {@link #check} before verifying anything (a refused attempt must not pay a password
 * hash), then {@link #recordFailure} or {@link #recordSuccess} with the outcome. {@code account}
 * is the user name the client claimed, existing or not (so throttling reveals nothing about
 * which accounts exist); it may be {@code null} when the attempt names none (e.g. an unknown
 * bearer token). {@code address} is the client address, e.g. {@code request.getRemoteAddr()}.
 */
public interface Throttle {

    /** Whether an attempt may go ahead now. Lock-free; cheap enough for every request. */
    Verdict check(String account, String address);

    /**
     * Whether no account and no address has a failure on record: then {@link #check} allows any
     * attempt and {@link #recordSuccess} has nothing to end, so a caller may skip both, and the
     * client address they would need (a failure must still be recorded with it). One volatile
     * read. A failure recorded concurrently may be missed, as by a {@link #check} made at the same
     * time; once its record can be seen the throttle is not quiet. A throttle that cannot tell
     * answers {@code false}: callers then ask every time.
     */
    default boolean isQuiet() {
        return false;
    }

    /** The attempt's secret was wrong. */
    void recordFailure(String account, String address);

    /**
     * The attempt's secret was right: the account's run of failures ends. The address keeps its
     * count (a valid login of one account must not reset guessing at others from there), and the
     * hourly cap of the account stays.
     */
    void recordSuccess(String account, String address);

    /** The accounts and addresses refused right now, longest wait first. */
    List<Lockout> lockouts();

    /**
     * Forgets every failure of the account and of the address named {@code accountOrAddress}
     * (the operator's way out, e.g. for an admin locked out by someone guessing).
     *
     * @return how many entries were cleared (0, 1 or 2)
     */
    int unlock(String accountOrAddress);

    /** The numbers in force. */
    ThrottleSettings settings();
}
