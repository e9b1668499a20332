package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.github.fpauth.user.spi.TokenRow;

/** Personal access tokens in PostgreSQL: stored unless refused, removed, and their last-used times. */
public class PostgresTokensTest extends PostgresTestBase {

    @Test
    public void aTokenIsStoredWithEveryFieldAndReadBackByItsHash() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertToken(new TokenRow("h1", "alice", "ci", 1_700_000_000L, 1_800_000_000L, 0), owned -> null);
        TokenRow read = node.store.token("h1").orElseThrow();
        assertEquals("alice", read.owner());
        assertEquals("ci", read.name());
        assertEquals(1_700_000_000L, read.createdAt());
        assertEquals(1_800_000_000L, read.expiresAt());
        assertEquals(0, read.lastUsedAt());
        assertEquals(1, node.store.tokens().size());
        assertTrue(node.store.token("h2").isEmpty());
        node.recorder.await(Duration.ofSeconds(5), "TOKENS:h1");
    }

    @Test
    public void theRefusalSeesTheOwnersTokensOnlyAndItsReasonRefuses() {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        node.store.insertToken(token("a1", "alice", "one"), owned -> null);
        node.store.insertToken(token("a2", "alice", "two"), owned -> null);
        node.store.insertToken(token("b1", "bob", "one"), owned -> null);

        AtomicReference<List<TokenRow>> seen = new AtomicReference<>();
        try {
            node.store.insertToken(token("a3", "alice", "three"), owned -> {
                seen.set(owned);
                return owned.size() >= 2 ? "at most 2 tokens per user" : null;
            });
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertEquals("at most 2 tokens per user", e.getMessage());
        }
        assertEquals(List.of("one", "two"), names(seen.get()));
        assertTrue(node.store.token("a3").isEmpty());
        assertEquals(3, node.store.tokens().size());
    }

    @Test
    public void aSecondTokenOfTheSameNameIsRefused() {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        node.store.insertToken(token("a1", "alice", "ci"), owned -> null);
        try {
            node.store.insertToken(token("a2", "alice", "ci"), owned -> null);
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ci"));
        }
        assertTrue(node.store.token("a2").isEmpty());
        node.store.insertToken(token("b1", "bob", "ci"), owned -> null);
        assertEquals("another owner may use the name", "bob", node.store.token("b1").orElseThrow().owner());
    }

    @Test
    public void aTokenOfAnUnknownOwnerIsRefused() {
        Node node = currentNode();
        try {
            node.store.insertToken(token("g1", "ghost", "ci"), owned -> null);
            fail("refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ghost"));
        }
        assertTrue(node.store.tokens().isEmpty());
    }

    @Test
    public void insertingAStoredHashAgainKeepsTheStoredTokenWithoutAskingTheRefusal() {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertToken(token("a1", "alice", "ci"), owned -> null);
        node.store.insertToken(new TokenRow("a1", "alice", "renamed", 1, 2, 3), owned -> "refused");
        TokenRow read = node.store.token("a1").orElseThrow();
        assertEquals("ci", read.name());
        assertEquals(1_700_000_000L, read.createdAt());
        assertEquals(1, node.store.tokens().size());
    }

    @Test
    public void tokensAreRemovedByNameOrAllOfAnOwner() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice", "bob");
        node.store.insertToken(token("a1", "alice", "one"), owned -> null);
        node.store.insertToken(token("a2", "alice", "two"), owned -> null);
        node.store.insertToken(token("a3", "alice", "three"), owned -> null);
        node.store.insertToken(token("b1", "bob", "one"), owned -> null);

        List<TokenRow> one = node.store.deleteTokens("alice", "two");
        assertEquals(1, one.size());
        assertEquals("a2", one.get(0).secretHash());
        assertTrue(node.store.deleteTokens("alice", "nope").isEmpty());
        List<TokenRow> rest = node.store.deleteTokens("alice", null);
        assertEquals(List.of("one", "three"), sortedNames(rest));
        assertEquals(List.of("b1"), hashes(node.store.tokens()));
        node.recorder.await(Duration.ofSeconds(5), "TOKENS:a1", "TOKENS:a2", "TOKENS:a3");
    }

    @Test
    public void lastUsedTimesKeepTheLaterOneAndAreNotAnnounced() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        node.store.insertToken(token("a1", "alice", "one"), owned -> null);
        node.store.insertToken(new TokenRow("a2", "alice", "two", 1_700_000_000L, 0, 1_700_000_500L), owned -> null);
        node.recorder.await(Duration.ofSeconds(5), "TOKENS:a1", "TOKENS:a2");
        Map<String, Long> used = new HashMap<>();
        used.put("a1", 1_700_000_100L);
        used.put("a2", 1_700_000_400L);
        used.put("missing", 1_700_000_900L);
        node.store.recordTokensUsed(used);
        assertEquals(1_700_000_100L, node.store.token("a1").orElseThrow().lastUsedAt());
        assertEquals(1_700_000_500L, node.store.token("a2").orElseThrow().lastUsedAt());
        node.store.deleteTokens("alice", "two");
        assertEquals(List.of("TOKENS:a2"), node.recorder.await(Duration.ofSeconds(5), "TOKENS:a2"));
    }

    private static List<String> names(List<TokenRow> tokens) {
        List<String> names = new ArrayList<>();
        tokens.forEach(token -> names.add(token.name()));
        return names;
    }

    private static List<String> sortedNames(List<TokenRow> tokens) {
        List<String> names = names(tokens);
        java.util.Collections.sort(names);
        return names;
    }

    private static List<String> hashes(List<TokenRow> tokens) {
        List<String> hashes = new ArrayList<>();
        tokens.forEach(token -> hashes.add(token.secretHash()));
        return hashes;
    }
}
