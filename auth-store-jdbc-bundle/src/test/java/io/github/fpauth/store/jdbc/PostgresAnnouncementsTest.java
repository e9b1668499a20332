package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.github.fpauth.user.spi.FailureRow.Kind;
import io.github.fpauth.user.spi.SharedStore;

/**
 * Every change, made by any node or by an operator with psql, is announced to every node by its
 * key within a second.
 */
public class PostgresAnnouncementsTest extends PostgresTestBase {

    private static final Duration PROMISE = Duration.ofSeconds(1);

    @Test
    public void aChangeOnOneNodeIsAnnouncedToEveryNodeWithinASecondByItsKey() throws Exception {
        Node a = currentNode();
        Node b = currentNode();

        a.store.updateUser("alice", stored -> user("alice"));
        b.recorder.await(PROMISE, "USERS:alice");
        a.recorder.await(PROMISE, "USERS:alice");

        a.store.insertSession(session("5e55", "alice", 1000), 5);
        b.recorder.await(PROMISE, "SESSIONS:5e55");
        a.recorder.await(PROMISE, "SESSIONS:5e55");

        b.store.insertToken(token("70ce", "alice", "ci"), owned -> null);
        a.recorder.await(PROMISE, "TOKENS:70ce");
        b.recorder.await(PROMISE, "TOKENS:70ce");

        a.store.updateFailure(Kind.ACCOUNT, "alice", stored -> failure(Kind.ACCOUNT, "alice", 1));
        b.store.updateFailure(Kind.ADDRESS, "192.0.2.4", stored -> failure(Kind.ADDRESS, "192.0.2.4", 1));
        b.recorder.await(PROMISE, "FAILURES:ACCOUNT:alice", "FAILURES:ADDRESS:192.0.2.4");
        a.recorder.await(PROMISE, "FAILURES:ACCOUNT:alice", "FAILURES:ADDRESS:192.0.2.4");

        b.store.deleteTokens("alice", "ci");
        a.recorder.await(PROMISE, "TOKENS:70ce");
        a.store.deleteSessions("alice", null, null);
        b.recorder.await(PROMISE, "SESSIONS:5e55");
    }

    @Test
    public void changesMadeWithPlainSqlAreAnnouncedToo() throws Exception {
        Node node = currentNode();
        sql("INSERT INTO fpauth_users (name, display_name, roles, enabled, password_hash)"
                + " VALUES ('op', 'Operator', '{fp_admin}', true, 'x')");
        node.recorder.await(PROMISE, "USERS:op");
        assertEquals(List.of("fp_admin"), node.store.user("op").orElseThrow().roles());

        sql("INSERT INTO fpauth_sessions VALUES ('feed', 'p', 'op', 1, 2, false, 'a', 'u', 'c')");
        sql("INSERT INTO fpauth_tokens VALUES ('beef', 'op', 'n', 1, 0, 0)");
        sql("INSERT INTO fpauth_failures VALUES ('ADDRESS', '198.51.100.1', 1, 1, 0, '{}')");
        node.recorder.await(PROMISE, "SESSIONS:feed", "TOKENS:beef", "FAILURES:ADDRESS:198.51.100.1");

        // a rename announces both names, and the sessions and tokens that moved with it
        sql("UPDATE fpauth_users SET name = 'operator' WHERE name = 'op'");
        node.recorder.await(PROMISE, "USERS:op", "USERS:operator", "SESSIONS:feed", "TOKENS:beef");
        assertEquals("operator", node.store.session("feed").orElseThrow().user());

        sql("UPDATE fpauth_users SET enabled = false");
        node.recorder.await(PROMISE, "USERS:operator");
        sql("DELETE FROM fpauth_failures");
        node.recorder.await(PROMISE, "FAILURES:ADDRESS:198.51.100.1");
        sql("DELETE FROM fpauth_users");
        node.recorder.await(PROMISE, "USERS:operator", "SESSIONS:feed", "TOKENS:beef");
        assertTrue(node.store.isEmpty());
    }

    @Test
    public void aKeyTooLongForAnAnnouncementMakesEveryNodeReloadEverything() throws Exception {
        Node node = currentNode();
        int reloads = node.recorder.reloads.get();
        String name = "n".repeat(8000);
        node.store.updateUser(name, stored -> user(name));
        await("a reload", () -> node.recorder.reloads.get() > reloads, PROMISE);
        assertEquals(name, node.store.users().get(0).name());
        assertTrue("the store stays current", node.store.isCurrent());
    }

    @Test
    public void aListenerAddedLaterReloadsFirstAndOneRemovedHearsNoMore() throws Exception {
        Node node = currentNode();
        Recorder late = new Recorder();
        late.store = node.store;
        node.store.addListener(late);
        await("the late listener's reload", () -> late.reloads.get() == 1, PROMISE);
        node.store.updateUser("alice", stored -> user("alice"));
        late.await(PROMISE, "USERS:alice");

        node.store.removeListener(late);
        node.store.updateUser("bob", stored -> user("bob"));
        node.recorder.await(PROMISE, "USERS:alice", "USERS:bob");
        assertTrue("removed: nothing more", late.changes.isEmpty());
        assertEquals(1, late.reloads.get());
    }

    @Test
    public void aFailingListenerDoesNotKeepTheOthersFromHearing() throws Exception {
        Node node = currentNode();
        node.store.addListener(new SharedStore.Listener() {
            @Override
            public void changed(SharedStore.Table table, String key) {
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void reloadAll() {
                throw new IllegalStateException("a broken listener");
            }
        });
        node.store.updateUser("alice", stored -> user("alice"));
        node.store.updateUser("bob", stored -> user("bob"));
        node.recorder.await(PROMISE, "USERS:alice", "USERS:bob");
        assertTrue(node.store.isCurrent());
    }

    /** Measures the time from the start of a change on one node to its announcement on the other. */
    @Test
    public void hundredsOfChangesAreEachAnnouncedToTheOtherNodeWithinASecond() throws Exception {
        Node a = currentNode();
        Node b = currentNode();
        Map<String, Long> heardAt = new ConcurrentHashMap<>();
        b.store.addListener(new SharedStore.Listener() {
            @Override
            public void changed(SharedStore.Table table, String key) {
                heardAt.putIfAbsent(table + ":" + key, System.nanoTime());
            }

            @Override
            public void reloadAll() {
            }
        });
        await("the timing listener joined", () -> {
            a.store.updateUser("warm-up", stored -> stored == null ? user("warm-up") : null);
            return heardAt.containsKey("USERS:warm-up");
        }, Duration.ofSeconds(5));

        int changes = 150;
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            String name = "user" + i;
            String key = "USERS:" + name;
            Node writer = i % 2 == 0 ? a : b; // b hears its own changes as well as a's
            long start = System.nanoTime();
            writer.store.updateUser(name, stored -> user(name, "r" + name));
            long deadline = start + PROMISE.toNanos();
            while (!heardAt.containsKey(key) && System.nanoTime() < deadline) {
                Thread.sleep(0, 200_000);
            }
            Long heard = heardAt.get(key);
            assertTrue(key + " announced within " + PROMISE.toMillis() + " ms", heard != null);
            micros.add(TimeUnit.NANOSECONDS.toMicros(heard - start));
        }
        Collections.sort(micros);
        long p50 = micros.get(changes / 2);
        long p99 = micros.get(changes * 99 / 100);
        long max = micros.get(changes - 1);
        System.out.printf("fpauth store: propagation from the start of a change to the other node's listener,"
                + " over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", changes, p50 / 1000.0, p99 / 1000.0,
                max / 1000.0);
        assertTrue("max " + max + " µs", max < PROMISE.toNanos() / 1000);
        assertFalse(b.recorder.changes.isEmpty());
    }
}
