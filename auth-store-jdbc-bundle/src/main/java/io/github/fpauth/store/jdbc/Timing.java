package io.github.fpauth.store.jdbc;

/**
 * How the store follows the database: it waits up to {@code pollMillis} for announcements at a
 * time, asks the database for a sign of life every {@code heartbeatMillis}, is current for
 * {@code leaseMillis} after each answer, reconnects after {@code minBackoffMillis}, doubled after
 * each failure up to {@code maxBackoffMillis}, and gives up on an unanswered heartbeat after
 * {@code networkTimeoutMillis}.
 */
final class Timing {

    static final Timing DEFAULT = new Timing(250, 250, 1000, 250, 2000, 3000);

    private final long pollMillis;
    private final long heartbeatMillis;
    private final long leaseMillis;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final long networkTimeoutMillis;

    Timing(long pollMillis, long heartbeatMillis, long leaseMillis, long minBackoffMillis, long maxBackoffMillis,
            long networkTimeoutMillis) {
        if (pollMillis < 1 || heartbeatMillis < 1 || leaseMillis <= heartbeatMillis || minBackoffMillis < 1
                || maxBackoffMillis < minBackoffMillis || networkTimeoutMillis < 1) {
            throw new IllegalArgumentException("inconsistent timing " + pollMillis + "/" + heartbeatMillis + "/"
                    + leaseMillis + "/" + minBackoffMillis + "/" + maxBackoffMillis + "/" + networkTimeoutMillis);
        }
        this.pollMillis = pollMillis;
        this.heartbeatMillis = heartbeatMillis;
        this.leaseMillis = leaseMillis;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.networkTimeoutMillis = networkTimeoutMillis;
    }

    long pollMillis() {
        return pollMillis;
    }

    long heartbeatMillis() {
        return heartbeatMillis;
    }

    long leaseMillis() {
        return leaseMillis;
    }

    long minBackoffMillis() {
        return minBackoffMillis;
    }

    long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    long networkTimeoutMillis() {
        return networkTimeoutMillis;
    }
}
