package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;

import io.github.fpauth.user.spi.UserRow;

/** The schema is created and checked at start, once however many nodes start together. */
public class PostgresSchemaTest extends PostgresTestBase {

    @Test
    public void aFreshDatabaseGetsEveryTableAndTheCurrentSchemaVersionAtStart() throws Exception {
        node();
        assertEquals(List.of("3"), queryColumn("SELECT version FROM fpauth_schema_version"));
        assertEquals(List.of("fpauth_failures", "fpauth_schema_version", "fpauth_sessions", "fpauth_tokens",
                "fpauth_users"), queryColumn("SELECT tablename FROM pg_tables WHERE tablename LIKE 'fpauth%'"
                        + " ORDER BY tablename"));
    }

    @Test
    public void nodesStartingTogetherCreateTheSchemaOnceAndAllBecomeCurrent() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(unstartedNode());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Node node : nodes) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    node.store.start();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(20_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of("3"), queryColumn("SELECT version FROM fpauth_schema_version"));
        for (Node node : nodes) {
            await("every node is current", node.store::isCurrent, Duration.ofSeconds(10));
        }
    }

    @Test
    public void aNodeStartedOnAnExistingSchemaKeepsEveryRecord() throws Exception {
        Node first = currentNode();
        createUsers(first.store, "alice", "bob");
        first.close();

        Node second = currentNode();
        assertEquals(2, second.store.users().size());
        assertEquals(List.of("3"), queryColumn("SELECT version FROM fpauth_schema_version"));
    }

    @Test
    public void aNodeRefusesToStartOnANewerSchemaAndSaysWhichVersions() throws Exception {
        currentNode().close();
        sql("UPDATE fpauth_schema_version SET version = 4");

        Node node = unstartedNode();
        try {
            node.store.start();
            fail("started on a newer schema");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("version 4"));
            assertTrue(e.getMessage(), e.getMessage().contains("version 3"));
        }
        assertEquals("nothing was changed", List.of("4"), queryColumn("SELECT version FROM fpauth_schema_version"));
    }

    @Test
    public void aVersionOneDatabaseIsMigratedAtStartKeepingItsUsersWithoutSecondFactor() throws Exception {
        currentNode().close();
        // a database as version 1 left it
        sql("ALTER TABLE fpauth_users DROP COLUMN second_factor");
        sql("ALTER TABLE fpauth_users DROP COLUMN email");
        sql("ALTER TABLE fpauth_users DROP COLUMN linked_identities");
        sql("UPDATE fpauth_schema_version SET version = 1");
        sql("INSERT INTO fpauth_users (name, display_name, roles, enabled, password_hash)"
                + " VALUES ('alice', 'Alice', '{fp_admin}', true, 'hash-a')");

        Node node = currentNode();
        assertEquals(List.of("3"), queryColumn("SELECT version FROM fpauth_schema_version"));
        assertEquals(List.of("Alice"), queryColumn("SELECT display_name FROM fpauth_users"));
        assertTrue("no second factor", node.store.user("alice").orElseThrow().secondFactor().isEmpty());
        node.store.updateUser("alice", row -> new UserRow(row.name(), row.displayName(), row.roles(), row.enabled(),
                row.passwordHash(), "factor-a"));
        assertEquals("factor-a", node.store.user("alice").orElseThrow().secondFactor().orElseThrow());
    }

    @Test
    public void aVersionTwoDatabaseIsMigratedAtStartItsUsersLinkedToNoOtherProvider() throws Exception {
        currentNode().close();
        // a database as version 2 left it
        sql("ALTER TABLE fpauth_users DROP COLUMN linked_identities");
        sql("UPDATE fpauth_schema_version SET version = 2");
        sql("INSERT INTO fpauth_users (name, display_name, roles, enabled, password_hash, email)"
                + " VALUES ('alice', 'Alice', '{fp_admin}', true, 'hash-a', 'alice@example.org')");

        Node node = currentNode();
        assertEquals(List.of("3"), queryColumn("SELECT version FROM fpauth_schema_version"));
        UserRow alice = node.store.user("alice").orElseThrow();
        assertEquals(List.of(), alice.linkedIdentities());
        assertEquals("alice@example.org", alice.email().orElseThrow());
        node.store.updateUser("alice", row -> new UserRow(row.name(), row.displayName(), row.roles(), row.enabled(),
                row.passwordHash(), null, row.email().orElse(null), List.of("keycloak:0b5c-77", "okta:a,b")));
        assertEquals(List.of("keycloak:0b5c-77", "okta:a,b"), node.store.user("alice").orElseThrow().linkedIdentities());
    }
}
