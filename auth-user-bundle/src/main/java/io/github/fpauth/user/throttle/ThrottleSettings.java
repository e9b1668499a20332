package io.github.fpauth.user.throttle;

/** The numbers a {@link FailureThrottle} works with, clamped to safe ranges. Immutable. */
public final class ThrottleSettings {

    /** The promise: never more than this many failed attempts on an account per hour. */
    public static final int MAX_FAILURES_PER_HOUR = 100;
    /** Delays never grow beyond this, so nobody (an admin included) is locked out for long. */
    public static final int MAX_DELAY_SECONDS = 3600;

    private final int accountFailures;
    private final int addressFailures;
    private final int baseDelaySeconds;
    private final int maxDelaySeconds;
    private final int failuresPerHour;
    private final int maxEntries;

    /**
     * @param accountFailures  failures of one account allowed before delays start
     * @param addressFailures  failures from one address allowed before delays start
     * @param baseDelaySeconds the first delay; each further failure doubles it
     * @param maxDelaySeconds  the longest delay
     * @param failuresPerHour  failed attempts an account allows in any hour, at most 100
     * @param maxEntries       accounts and addresses remembered (each), to bound memory
     */
    public ThrottleSettings(int accountFailures, int addressFailures, int baseDelaySeconds, int maxDelaySeconds,
            int failuresPerHour, int maxEntries) {
        this.accountFailures = clamp(accountFailures, 1, 10_000);
        this.addressFailures = clamp(addressFailures, 1, 10_000);
        this.maxDelaySeconds = clamp(maxDelaySeconds, 1, MAX_DELAY_SECONDS);
        this.baseDelaySeconds = clamp(baseDelaySeconds, 1, this.maxDelaySeconds);
        this.failuresPerHour = clamp(failuresPerHour, 1, MAX_FAILURES_PER_HOUR);
        this.maxEntries = clamp(maxEntries, 16, 10_000_000);
    }

    public static ThrottleSettings defaults() {
        return new ThrottleSettings(5, 20, 1, 900, MAX_FAILURES_PER_HOUR, 100_000);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(value, max));
    }

    public int accountFailures() {
        return accountFailures;
    }

    public int addressFailures() {
        return addressFailures;
    }

    public int baseDelaySeconds() {
        return baseDelaySeconds;
    }

    public int maxDelaySeconds() {
        return maxDelaySeconds;
    }

    public int failuresPerHour() {
        return failuresPerHour;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** The delay after {@code failures} consecutive failures when {@code free} are allowed, in ms. */
    long delayMillis(int failures, int free) {
        if (failures < free) {
            return 0;
        }
        int doublings = Math.min(failures - free, 30);
        long seconds = Math.min((long) baseDelaySeconds << doublings, maxDelaySeconds);
        return seconds * 1000;
    }

    @Override
    public String toString() {
        return "ThrottleSettings[account=" + accountFailures + ", address=" + addressFailures + ", delay="
                + baseDelaySeconds + ".." + maxDelaySeconds + "s, perHour=" + failuresPerHour + ", entries="
                + maxEntries + "]";
    }
}
