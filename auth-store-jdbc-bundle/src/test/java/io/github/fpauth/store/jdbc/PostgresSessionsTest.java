package io.github.fpauth.store.jdbc;

import static io.github.fpauth.store.jdbc.PostgresUsersTest.hashes;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.StoreUnavailableException;

/** Browser sessions in PostgreSQL: stored, trimmed per user, ended, expired, and their last-seen times. */
public class PostgresSessionsTest extends PostgresTestBase {

    @Test
    public void aSessionIsStoredWithEveryFieldAndReadBackByItsHash() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        SessionRow stored = new SessionRow("ab12", "pub-1", "alice", 1_700_000_000_000L, 1_700_000_000_500L, true,
                "2001:db8::1", "Mozilla/5.0 (X11) \u00e9", "csrf-token-1");
        node.store.insertSession(stored, 5);
        SessionRow read = node.store.session("ab12").orElseThrow();
        assertEquals("ab12", read.secretHash());
        assertEquals("pub-1", read.publicId());
        assertEquals("alice", read.user());
        assertEquals(1_700_000_000_000L, read.createdMillis());
        assertEquals(1_700_000_000_500L, read.lastSeenMillis());
        assertTrue(read.rememberMe());
        assertEquals("2001:db8::1", read.clientAddress());
        assertEquals("Mozilla/5.0 (X11) \u00e9", read.userAgent());
        assertEquals("csrf-token-1", read.csrfToken());
        assertEquals(List.of("ab12"), hashes(node.store.sessions()));
        assertTrue(node.store.session("other").isEmpty());
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:ab12");
    }

    @Test
    public void insertingAStoredHashAgainKeepsTheStoredSession() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertSession(session("s1", "alice", 1000), 5);
        node.store.insertSession(new SessionRow("s1", "pub-other", "alice", 1, 9999, true, "x", "y", "z"), 5);
        SessionRow read = node.store.session("s1").orElseThrow();
        assertEquals("pub-s1", read.publicId());
        assertEquals(1000, read.lastSeenMillis());
        assertEquals(1, node.store.sessions().size());
    }

    @Test
    public void aNewSessionEndsTheLeastRecentlySeenBeyondTheLimitAndAnnouncesThem() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        node.store.insertSession(session("old", "alice", 1000), 3);
        node.store.insertSession(session("recent", "alice", 5000), 3);
        node.store.insertSession(session("middle", "alice", 3000), 3);
        node.store.insertSession(session("bobs", "bob", 10), 3);
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:old", "SESSIONS:recent", "SESSIONS:middle",
                "SESSIONS:bobs");

        node.store.insertSession(session("new", "alice", 4000), 3);

        assertEquals(List.of("middle", "new", "recent"), sortedHashesOf(node, "alice"));
        assertEquals("another user's sessions stay", List.of("bobs"), sortedHashesOf(node, "bob"));
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:new", "SESSIONS:old");

        // a limit of one keeps only the new session, even when another was seen later
        node.store.insertSession(session("newest", "alice", 2000), 1);
        assertEquals(List.of("newest"), sortedHashesOf(node, "alice"));
    }

    @Test
    public void aSessionOfAnUnknownUserIsRefusedAndNothingIsStored() {
        Node node = currentNode();
        try {
            node.store.insertSession(session("s1", "ghost", 1000), 5);
            fail("refused");
        } catch (StoreUnavailableException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ghost"));
        }
        assertTrue(node.store.sessions().isEmpty());
    }

    @Test
    public void aLimitBelowOneIsRefused() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        try {
            node.store.insertSession(session("s1", "alice", 1000), 0);
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("0"));
        }
        assertTrue(node.store.sessions().isEmpty());
    }

    @Test
    public void sessionsEndOneByPublicIdAllOrAllButOne() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        for (String hash : List.of("a1", "a2", "a3", "a4")) {
            node.store.insertSession(session(hash, "alice", 1000), 10);
        }
        node.store.insertSession(session("b1", "bob", 1000), 10);

        List<SessionRow> one = node.store.deleteSessions("alice", "pub-a1", null);
        assertEquals(List.of("a1"), hashes(one));
        assertEquals("pub-a1", one.get(0).publicId());
        assertTrue("another user's session is not ended by its public id",
                node.store.deleteSessions("alice", "pub-b1", null).isEmpty());
        assertEquals("only and except the same: none", List.of(),
                node.store.deleteSessions("alice", "pub-a2", "pub-a2"));

        List<SessionRow> others = node.store.deleteSessions("alice", null, "pub-a3");
        assertEquals(List.of("a2", "a4"), sorted(hashes(others)));
        assertEquals(List.of("a3"), sortedHashesOf(node, "alice"));

        assertEquals(List.of("a3"), hashes(node.store.deleteSessions("alice", null, null)));
        assertEquals(List.of(), sortedHashesOf(node, "alice"));
        assertEquals(List.of("b1"), sortedHashesOf(node, "bob"));
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:a1", "SESSIONS:a2", "SESSIONS:a3", "SESSIONS:a4");
    }

    @Test
    public void lastSeenTimesKeepTheLaterOneAndAreNotAnnounced() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertSession(session("s1", "alice", 1000), 10);
        node.store.insertSession(session("s2", "alice", 5000), 10);
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:s1", "SESSIONS:s2");

        Map<String, Long> seen = new HashMap<>();
        seen.put("s1", 3000L); // later: kept
        seen.put("s2", 4000L); // earlier than stored: ignored
        seen.put("gone", 9000L); // no such session: nothing
        node.store.recordSessionsSeen(seen);
        assertEquals(3000, node.store.session("s1").orElseThrow().lastSeenMillis());
        assertEquals(5000, node.store.session("s2").orElseThrow().lastSeenMillis());
        assertTrue(node.store.session("gone").isEmpty());
        node.store.recordSessionsSeen(Map.of("s1", 2000L));
        assertEquals(3000, node.store.session("s1").orElseThrow().lastSeenMillis());

        // the next announcement is the one of a real change: the times were not announced
        node.store.deleteSessions("alice", "pub-s2", null);
        assertEquals(List.of("SESSIONS:s2"), node.recorder.await(Duration.ofSeconds(5), "SESSIONS:s2"));
    }

    @Test
    public void expiredSessionsEndByTheirOwnKindOfLimit() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        // plain: idle before 100 or created before 50 ends; remember-me: idle before 20 or created before 10
        node.store.insertSession(row("plainIdle", false, 60, 90), 100);
        node.store.insertSession(row("plainOld", false, 40, 200), 100);
        node.store.insertSession(row("plainFresh", false, 60, 150), 100);
        node.store.insertSession(row("rememberIdle", true, 15, 19), 100);
        node.store.insertSession(row("rememberOld", true, 5, 90), 100);
        node.store.insertSession(row("rememberFresh", true, 15, 90), 100);
        node.store.insertSession(row("plainAtLimit", false, 50, 100), 100);

        assertEquals(4, node.store.deleteExpiredSessions(100, 50, 20, 10));

        assertEquals(List.of("plainAtLimit", "plainFresh", "rememberFresh"), sortedHashesOf(node, "alice"));
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:plainIdle", "SESSIONS:plainOld",
                "SESSIONS:rememberIdle", "SESSIONS:rememberOld");
        assertEquals(0, node.store.deleteExpiredSessions(100, 50, 20, 10));
    }

    @Test
    public void aSessionChangedByAnOperatorIsAnnouncedButATimeAloneIsNot() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertSession(session("s1", "alice", 1000), 10);
        node.recorder.await(Duration.ofSeconds(5), "SESSIONS:s1");
        sql("UPDATE fpauth_sessions SET last_seen_millis = 7777 WHERE secret_hash = 's1'");
        sql("UPDATE fpauth_sessions SET remember_me = true WHERE secret_hash = 's1'");
        assertEquals(List.of("SESSIONS:s1"), node.recorder.await(Duration.ofSeconds(5), "SESSIONS:s1"));
        assertEquals(7777, node.store.session("s1").orElseThrow().lastSeenMillis());
        assertTrue(node.store.session("s1").orElseThrow().rememberMe());
    }

    private static SessionRow row(String hash, boolean rememberMe, long created, long lastSeen) {
        return new SessionRow(hash, "pub-" + hash, "alice", created, lastSeen, rememberMe, "192.0.2.1", "ua", "c");
    }

    private static List<String> sortedHashesOf(Node node, String user) {
        List<String> hashes = new java.util.ArrayList<>();
        node.store.sessions().stream().filter(s -> s.user().equals(user)).forEach(s -> hashes.add(s.secretHash()));
        return sorted(hashes);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new java.util.ArrayList<>(values);
        java.util.Collections.sort(copy);
        return copy;
    }
}
