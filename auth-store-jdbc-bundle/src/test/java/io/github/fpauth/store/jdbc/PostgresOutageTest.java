package io.github.fpauth.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;

import org.junit.After;
import org.junit.Test;

import io.github.fpauth.user.spi.StoreUnavailableException;

/**
 * The database stops and comes back: the store says it is not current within its lease, every
 * call fails with {@link StoreUnavailableException} meanwhile, and it recovers by itself, telling
 * every listener to reload before it is current again. One status line per transition.
 */
public class PostgresOutageTest extends PostgresTestBase {

    @After
    public void databaseRunsAgain() {
        if (!postgres.isRunning()) {
            postgres.restart();
        }
    }

    @Test
    public void aStoppedDatabaseMakesTheStoreNotCurrentWithinItsLeaseAndEveryCallUnavailable() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");

        long stopped = System.nanoTime();
        postgres.stop();
        await("the store is not current", () -> !node.store.isCurrent(), Duration.ofSeconds(5));
        long millis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("not current " + millis + " ms after the database stopped");
        assertTrue("not current after " + millis + " ms", millis < 2_000);

        try {
            node.store.users();
            fail("read a stopped database");
        } catch (StoreUnavailableException expected) {
            // nothing was read
        }
        try {
            node.store.updateUser("bob", stored -> user("bob"));
            fail("wrote to a stopped database");
        } catch (StoreUnavailableException expected) {
            // nothing was written
        }
    }

    @Test
    public void theStoreRecoversByItselfAndEveryListenerReloadsBeforeItIsCurrent() throws Exception {
        Node node = currentNode();
        createUsers(node.store, "alice");
        int reloadsBefore = node.recorder.reloads.get();

        postgres.stop();
        await("the store is not current", () -> !node.store.isCurrent(), Duration.ofSeconds(5));
        postgres.restart();
        long restarted = System.nanoTime();
        await("the store is current again", node.store::isCurrent, Duration.ofSeconds(15));
        System.out.println("current again " + (System.nanoTime() - restarted) / 1_000_000
                + " ms after the database restarted");

        assertEquals(reloadsBefore + 1, node.recorder.reloads.get());
        List<Boolean> currentAtReload = node.recorder.currentAtReload;
        assertFalse("reloaded before it was current", currentAtReload.get(currentAtReload.size() - 1));
        assertEquals(List.of("alice"), node.store.users().stream().map(u -> u.name()).toList());
    }

    @Test
    public void eachTransitionIsLoggedOnceHoweverLongTheOutageLasts() throws Exception {
        Node node = currentNode();
        await("said available", () -> node.statusLines.size() == 1, Duration.ofSeconds(5));

        postgres.stop();
        Thread.sleep(4_000); // several reconnection attempts
        postgres.restart();
        await("the store is current again", node.store::isCurrent, Duration.ofSeconds(15));

        List<String> lines = node.statusLines;
        assertEquals(lines.toString(), 3, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith("available "));
        assertTrue(lines.get(1), lines.get(1).startsWith("unavailable "));
        assertTrue(lines.get(2), lines.get(2).startsWith("available "));
    }

    @Test
    public void aNodeStartedWhileTheDatabaseIsDownStartsNotCurrentAndBecomesCurrentWhenItAnswers() throws Exception {
        postgres.stop();
        Node node = node(); // no exception: the schema is checked once the database answers
        Thread.sleep(1_500);
        assertFalse(node.store.isCurrent());
        assertEquals(0, node.recorder.reloads.get());

        postgres.restart();
        await("the store is current", node.store::isCurrent, Duration.ofSeconds(15));
        assertEquals("the schema was created on connection", List.of(String.valueOf(Schema.VERSION)),
                queryColumn("SELECT version FROM fpauth_schema_version"));
        assertEquals(1, node.recorder.reloads.get());
    }
}
