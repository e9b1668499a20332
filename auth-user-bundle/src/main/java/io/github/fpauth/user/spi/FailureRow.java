package io.github.fpauth.user.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The failed attempts recorded against one account or one client address, counted by every
 * node. Times are epoch milliseconds.
 */
public final class FailureRow {

    /** What the key names. */
    public enum Kind {
        ACCOUNT, ADDRESS
    }

    private final Kind kind;
    private final String key;
    private final int consecutive;
    private final long lastFailureMillis;
    private final long blockedUntilMillis;
    private final long[] recentFailureMillis;

    /** @param recentFailureMillis the failures of the last hour, oldest first (accounts only) */
    public FailureRow(Kind kind, String key, int consecutive, long lastFailureMillis, long blockedUntilMillis,
            long[] recentFailureMillis) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = Objects.requireNonNull(key, "key");
        this.consecutive = consecutive;
        this.lastFailureMillis = lastFailureMillis;
        this.blockedUntilMillis = blockedUntilMillis;
        this.recentFailureMillis = recentFailureMillis.clone();
    }

    /** How {@link SharedStore.Listener#changed} names a failure record: kind, a colon, key. */
    public static String changeKey(Kind kind, String key) {
        return kind.name() + ':' + key;
    }

    public String changeKey() {
        return changeKey(kind, key);
    }

    public Kind kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    public int consecutive() {
        return consecutive;
    }

    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    public long blockedUntilMillis() {
        return blockedUntilMillis;
    }

    public long[] recentFailureMillis() {
        return recentFailureMillis.clone();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FailureRow)) {
            return false;
        }
        FailureRow that = (FailureRow) other;
        return kind == that.kind && key.equals(that.key) && consecutive == that.consecutive
                && lastFailureMillis == that.lastFailureMillis && blockedUntilMillis == that.blockedUntilMillis
                && Arrays.equals(recentFailureMillis, that.recentFailureMillis);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "FailureRow[" + kind + " " + key + ", " + consecutive + " consecutive]";
    }
}
