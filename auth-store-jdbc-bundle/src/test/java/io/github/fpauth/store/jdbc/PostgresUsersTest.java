package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.UserRow;

/** Users in PostgreSQL: created, changed and removed in one transaction each, as the SPI promises. */
public class PostgresUsersTest extends PostgresTestBase {

    @Test
    public void aNewStoreIsEmptyAndAnyRecordMakesItNonEmpty() throws Exception {
        Node node = currentNode();
        assertTrue(node.store.isEmpty());
        assertTrue(node.store.users().isEmpty());
        node.store.updateFailure(FailureRow.Kind.ADDRESS, "192.0.2.9", stored -> failure(FailureRow.Kind.ADDRESS,
                "192.0.2.9", 1));
        assertFalse("a failure record alone", node.store.isEmpty());
        node.store.deleteFailures("192.0.2.9");
        assertTrue(node.store.isEmpty());
        createUsers(node.store, "alice");
        assertFalse("a user", node.store.isEmpty());
    }

    @Test
    public void aUserIsCreatedReadBackAndListedByName() {
        Node node = currentNode();
        UserRow bob = new UserRow("bob", "Bob B.", List.of("fp_admin", "user"), false, "$pbkdf2$bob");
        node.store.updateUser("bob", stored -> {
            assertEquals("no stored row yet", null, stored);
            return bob;
        });
        createUsers(node.store, "alice", "carol");
        assertEquals(bob, node.store.user("bob").orElseThrow());
        UserRow read = node.store.user("bob").orElseThrow();
        assertEquals("Bob B.", read.displayName());
        assertEquals(List.of("fp_admin", "user"), read.roles());
        assertFalse(read.enabled());
        assertEquals("$pbkdf2$bob", read.passwordHash());
        List<String> names = new ArrayList<>();
        node.store.users().forEach(user -> names.add(user.name()));
        assertEquals(List.of("alice", "bob", "carol"), names);
        assertTrue(node.store.user("dave").isEmpty());
    }

    @Test
    public void aChangeSeesTheStoredRowAndReplacesIt() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.updateUser("alice", stored -> {
            assertEquals(user("alice"), stored);
            return new UserRow("alice", "Alice A.", List.of("user"), true, "$new");
        });
        UserRow changed = node.store.user("alice").orElseThrow();
        assertEquals("Alice A.", changed.displayName());
        assertEquals(List.of("user"), changed.roles());
        assertEquals("$new", changed.passwordHash());
    }

    @Test
    public void aSecondFactorIsStoredWithTheUserChangedInItsTransactionAndAnnounced() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.recorder.await(Duration.ofSeconds(5), "USERS:alice");
        node.store.updateUser("alice", stored -> new UserRow("alice", "alice", List.of(), true, stored.passwordHash(),
                "sealed-1"));
        assertEquals(List.of("USERS:alice"), node.recorder.await(Duration.ofSeconds(5), "USERS:alice"));
        // the change sees the stored factor: a code used on one node is used on every node
        node.store.updateUser("alice", stored -> {
            assertEquals("sealed-1", stored.secondFactor().orElseThrow());
            return new UserRow("alice", "alice", List.of(), true, stored.passwordHash(), "sealed-2");
        });
        assertEquals(List.of("sealed-2"), queryColumn("SELECT second_factor FROM fpauth_users"));
        node.store.updateUser("alice", stored -> new UserRow("alice", "alice", List.of(), true, stored.passwordHash()));
        assertTrue("removed", node.store.user("alice").orElseThrow().secondFactor().isEmpty());
    }

    @Test
    public void aUserWithoutRolesKeepsAnEmptyList() {
        Node node = currentNode();
        node.store.updateUser("norole", stored -> user("norole"));
        assertEquals(List.of(), node.store.user("norole").orElseThrow().roles());
    }

    @Test
    public void returningTheSameInstanceOrAnEqualRowChangesNothingAndAnnouncesNothing() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.recorder.await(Duration.ofSeconds(5), "USERS:alice");
        node.store.updateUser("alice", stored -> stored);
        node.store.updateUser("alice", stored -> user("alice"));
        node.store.updateUser("nobody", stored -> stored);
        assertTrue(node.store.user("nobody").isEmpty());
        // a later change is the next announcement: nothing was announced in between
        node.store.updateUser("alice", stored -> user("alice", "user"));
        assertEquals(List.of("USERS:alice"), node.recorder.await(Duration.ofSeconds(5), "USERS:alice"));
        assertEquals(List.of("0"), queryColumn("SELECT count(*) - 1 FROM fpauth_users"));
    }

    @Test
    public void aRefusalByIllegalArgumentExceptionChangesNothing() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        try {
            node.store.updateUser("alice", stored -> {
                throw new IllegalArgumentException("the last administrator stays");
            });
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertEquals("the last administrator stays", e.getMessage());
        }
        try {
            node.store.updateUser("bob", stored -> {
                throw new IllegalArgumentException("bad name");
            });
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertEquals("bad name", e.getMessage());
        }
        assertEquals(user("alice"), node.store.user("alice").orElseThrow());
        assertTrue(node.store.user("bob").isEmpty());
    }

    @Test
    public void aChangeThatReturnsAnotherUsersRowIsRefused() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        try {
            node.store.updateUser("alice", stored -> user("mallory"));
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("mallory"));
        }
        assertEquals(user("alice"), node.store.user("alice").orElseThrow());
        assertTrue(node.store.user("mallory").isEmpty());
    }

    @Test
    public void removingAUserRemovesItsSessionsAndTokensAndAnnouncesThem() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        node.store.insertSession(session("s1", "alice", 1000), 10);
        node.store.insertSession(session("s2", "alice", 2000), 10);
        node.store.insertSession(session("s3", "bob", 2000), 10);
        node.store.insertToken(token("t1", "alice", "ci"), owned -> null);
        node.store.insertToken(token("t2", "bob", "ci"), owned -> null);
        node.recorder.await(Duration.ofSeconds(5), "USERS:alice", "USERS:bob", "SESSIONS:s1", "SESSIONS:s2",
                "SESSIONS:s3", "TOKENS:t1", "TOKENS:t2");

        node.store.updateUser("alice", stored -> null);

        assertTrue(node.store.user("alice").isEmpty());
        assertEquals(List.of("s3"), hashes(node.store.sessions()));
        assertEquals(1, node.store.tokens().size());
        assertEquals("t2", node.store.tokens().get(0).secretHash());
        assertTrue(node.store.session("s1").isEmpty());
        assertTrue(node.store.token("t1").isEmpty());
        node.recorder.await(Duration.ofSeconds(5), "USERS:alice", "SESSIONS:s1", "SESSIONS:s2", "TOKENS:t1");
    }

    @Test
    public void aChangeMayBeCalledAgainOnlyWhenItLostARace() {
        Node node = currentNode();
        AtomicInteger calls = new AtomicInteger();
        node.store.updateUser("alice", stored -> {
            calls.incrementAndGet();
            return user("alice");
        });
        assertEquals("no race: one call", 1, calls.get());
    }

    @Test
    public void namesAndValuesAreStoredExactlyAsGiven() {
        Node node = currentNode();
        String name = "O'Brien; DROP TABLE fpauth_users; --\u00e9\u4e2d";
        UserRow odd = new UserRow(name, "Quote ' and \\ backslash", List.of("a,b", "{braces}", "\"q\"", "NULL"),
                true, "$x'y");
        node.store.updateUser(name, stored -> odd);
        assertEquals(odd, node.store.user(name).orElseThrow());
        assertEquals(1, node.store.users().size());
        assertSame(null, node.store.user(name.toUpperCase()).orElse(null));
        assertNotEquals(List.of(), node.store.users());
    }

    @Test
    public void aMissingNameOrChangeIsRefusedBeforeTheDatabaseIsAsked() {
        Node node = currentNode();
        for (Runnable call : List.<Runnable>of(() -> node.store.user(null),
                () -> node.store.updateUser(null, stored -> stored), () -> node.store.updateUser("a", null),
                () -> node.store.recordSessionsSeen(null))) {
            try {
                call.run();
                fail("refused");
            } catch (NullPointerException e) {
                // expected
            }
        }
        node.store.recordSessionsSeen(Map.of());
        assertTrue(node.store.isEmpty());
    }

    static List<String> hashes(List<io.github.fpauth.user.spi.SessionRow> sessions) {
        List<String> hashes = new ArrayList<>();
        sessions.forEach(session -> hashes.add(session.secretHash()));
        return hashes;
    }
}
