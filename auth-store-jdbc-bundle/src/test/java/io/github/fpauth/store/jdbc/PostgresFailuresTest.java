package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.FailureRow.Kind;

/** Failure records of the brute-force throttle in PostgreSQL: counted, forgotten, and forgotten when idle. */
public class PostgresFailuresTest extends PostgresTestBase {

    @Test
    public void aRecordIsCreatedWithEveryFieldChangedAndRemovedByItsChange() throws Exception {
        Node node = currentNode();
        FailureRow first = new FailureRow(Kind.ACCOUNT, "alice", 1, 1000, 0, new long[] {1000});
        node.store.updateFailure(Kind.ACCOUNT, "alice", stored -> {
            assertEquals(null, stored);
            return first;
        });
        assertEquals(first, node.store.failure(Kind.ACCOUNT, "alice").orElseThrow());
        assertTrue("kinds are apart", node.store.failure(Kind.ADDRESS, "alice").isEmpty());

        node.store.updateFailure(Kind.ACCOUNT, "alice", stored -> new FailureRow(Kind.ACCOUNT, "alice",
                stored.consecutive() + 1, 2000, 60_000, new long[] {1000, 2000}));
        FailureRow second = node.store.failure(Kind.ACCOUNT, "alice").orElseThrow();
        assertEquals(2, second.consecutive());
        assertEquals(2000, second.lastFailureMillis());
        assertEquals(60_000, second.blockedUntilMillis());
        assertArrayEquals(new long[] {1000, 2000}, second.recentFailureMillis());
        node.recorder.await(Duration.ofSeconds(5), "FAILURES:ACCOUNT:alice", "FAILURES:ACCOUNT:alice");

        node.store.updateFailure(Kind.ACCOUNT, "alice", stored -> null);
        assertTrue(node.store.failure(Kind.ACCOUNT, "alice").isEmpty());
        node.recorder.await(Duration.ofSeconds(5), "FAILURES:ACCOUNT:alice");
    }

    @Test
    public void anAddressRecordWithoutRecentTimesKeepsAnEmptyArray() {
        Node node = currentNode();
        node.store.updateFailure(Kind.ADDRESS, "2001:db8::7", stored -> new FailureRow(Kind.ADDRESS, "2001:db8::7",
                3, 5000, 9000, new long[0]));
        FailureRow read = node.store.failure(Kind.ADDRESS, "2001:db8::7").orElseThrow();
        assertEquals(0, read.recentFailureMillis().length);
        assertEquals(3, read.consecutive());
        assertEquals(List.of(read), node.store.failures());
    }

    @Test
    public void theSameInstanceChangesNothingAndARefusalChangesNothing() throws Exception {
        Node node = currentNode();
        node.store.updateFailure(Kind.ADDRESS, "192.0.2.1", stored -> failure(Kind.ADDRESS, "192.0.2.1", 1));
        node.recorder.await(Duration.ofSeconds(5), "FAILURES:ADDRESS:192.0.2.1");
        node.store.updateFailure(Kind.ADDRESS, "192.0.2.1", stored -> stored);
        node.store.updateFailure(Kind.ADDRESS, "192.0.2.2", stored -> stored);
        try {
            node.store.updateFailure(Kind.ADDRESS, "192.0.2.1", stored -> {
                throw new IllegalArgumentException("no");
            });
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertEquals("no", e.getMessage());
        }
        try {
            node.store.updateFailure(Kind.ADDRESS, "192.0.2.1", stored -> failure(Kind.ACCOUNT, "192.0.2.1", 5));
            fail("a record of another kind is refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ACCOUNT:192.0.2.1"));
        }
        assertEquals(List.of(failure(Kind.ADDRESS, "192.0.2.1", 1)), node.store.failures());
        node.store.updateFailure(Kind.ADDRESS, "192.0.2.3", stored -> failure(Kind.ADDRESS, "192.0.2.3", 1));
        assertEquals("nothing announced in between", List.of("FAILURES:ADDRESS:192.0.2.3"),
                node.recorder.await(Duration.ofSeconds(5), "FAILURES:ADDRESS:192.0.2.3"));
    }

    @Test
    public void deletingAKeyForgetsItsAccountAndItsAddressRecord() throws Exception {
        Node node = currentNode();
        node.store.updateFailure(Kind.ACCOUNT, "k", stored -> failure(Kind.ACCOUNT, "k", 1));
        node.store.updateFailure(Kind.ADDRESS, "k", stored -> failure(Kind.ADDRESS, "k", 1));
        node.store.updateFailure(Kind.ACCOUNT, "other", stored -> failure(Kind.ACCOUNT, "other", 1));
        assertEquals(2, node.store.deleteFailures("k"));
        assertEquals(0, node.store.deleteFailures("k"));
        assertEquals(List.of(failure(Kind.ACCOUNT, "other", 1)), node.store.failures());
        node.recorder.await(Duration.ofSeconds(5), "FAILURES:ACCOUNT:k", "FAILURES:ADDRESS:k",
                "FAILURES:ACCOUNT:other", "FAILURES:ACCOUNT:k", "FAILURES:ADDRESS:k");
    }

    @Test
    public void idleRecordsAreForgottenUnlessTheyStillBlock() throws Exception {
        Node node = currentNode();
        node.store.updateFailure(Kind.ACCOUNT, "idle", s -> new FailureRow(Kind.ACCOUNT, "idle", 1, 100, 0,
                new long[] {100}));
        node.store.updateFailure(Kind.ACCOUNT, "blocking", s -> new FailureRow(Kind.ACCOUNT, "blocking", 9, 100,
                5000, new long[] {100}));
        node.store.updateFailure(Kind.ADDRESS, "recent", s -> new FailureRow(Kind.ADDRESS, "recent", 1, 900, 0,
                new long[0]));
        node.store.updateFailure(Kind.ADDRESS, "blockEnded", s -> new FailureRow(Kind.ADDRESS, "blockEnded", 1, 100,
                1000, new long[0]));

        assertEquals(2, node.store.deleteIdleFailures(500, 1000));

        List<String> left = new java.util.ArrayList<>();
        node.store.failures().forEach(f -> left.add(f.changeKey()));
        assertEquals(List.of("ACCOUNT:blocking", "ADDRESS:recent"), left);
        node.recorder.await(Duration.ofSeconds(5), "FAILURES:ACCOUNT:idle", "FAILURES:ADDRESS:blockEnded");
    }
}
