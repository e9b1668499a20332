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

/** The schema is created and checked at start, once however many nodes start together. */
public class PostgresSchemaTest extends PostgresTestBase {

    @Test
    public void aFreshDatabaseGetsEveryTableAndSchemaVersionOneAtStart() throws Exception {
        node();
        assertEquals(List.of("1"), queryColumn("SELECT version FROM fpauth_schema_version"));
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
        assertEquals(List.of("1"), queryColumn("SELECT version FROM fpauth_schema_version"));
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
        assertEquals(List.of("1"), queryColumn("SELECT version FROM fpauth_schema_version"));
    }

    @Test
    public void aNodeRefusesToStartOnANewerSchemaAndSaysWhichVersions() throws Exception {
        currentNode().close();
        sql("UPDATE fpauth_schema_version SET version = 2");

        Node node = unstartedNode();
        try {
            node.store.start();
            fail("started on a newer schema");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("version 2"));
            assertTrue(e.getMessage(), e.getMessage().contains("version 1"));
        }
        assertEquals("nothing was changed", List.of("2"), queryColumn("SELECT version FROM fpauth_schema_version"));
    }
}
