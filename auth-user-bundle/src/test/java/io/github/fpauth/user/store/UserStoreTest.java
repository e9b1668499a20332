package io.github.fpauth.user.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class UserStoreTest {

    private static final String HASH = "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String OTHER_HASH = "$pbkdf2-sha256$i=1000$AQAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path file;

    @Before
    public void setUp() {
        file = temp.getRoot().toPath().resolve("data/users.txt");
    }

    private static User add(UserStore store, String name, String... roles) {
        return store.update(name, existing -> User.create(name, HASH, Set.of(roles)));
    }

    private String refusal() {
        try {
            UserStore.open(file);
        } catch (UserStoreException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(file.toAbsolutePath().toString()));
            return e.getMessage();
        }
        fail("opened a broken store");
        return null;
    }

    private void writeFile(byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private long filesNextToStore() throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.count();
        }
    }

    @Test
    public void anAbsentFileIsAnEmptyStoreThatWritesNothingUntilChanged() {
        UserStore store = UserStore.open(file);
        assertTrue(store.isEmpty());
        assertFalse(store.existed());
        assertFalse(Files.exists(file));
    }

    @Test
    public void changesPersistAcrossReopening() {
        UserStore store = UserStore.open(file);
        add(store, "alice", "fp_admin");
        add(store, "bob");
        store.update("bob", bob -> bob.withDisplayName("Bob B.").withEnabled(false).withRoles(Set.of("ops")));
        add(store, "carol");
        store.update("carol", carol -> null);

        UserStore reopened = UserStore.open(file);
        assertTrue(reopened.existed());
        assertEquals(List.of("alice", "bob"), reopened.users().stream().map(User::name).toList());
        assertEquals(Set.of("fp_admin"), reopened.get("alice").roles());
        User bob = reopened.get("bob");
        assertEquals("Bob B.", bob.displayName());
        assertFalse(bob.isEnabled());
        assertEquals(Set.of("ops"), bob.roles());
        assertEquals(HASH, bob.passwordHash());
        assertNull(reopened.get("carol"));
    }

    @Test
    public void anEmptiedStoreStaysAValidEmptyStore() {
        UserStore store = UserStore.open(file);
        add(store, "alice");
        store.update("alice", alice -> null);
        UserStore reopened = UserStore.open(file);
        assertTrue(reopened.existed());
        assertTrue(reopened.isEmpty());
    }

    @Test
    public void aCorruptFileIsAnErrorNamingTheFile() throws IOException {
        UserStore store = UserStore.open(file);
        add(store, "alice");
        String content = Files.readString(file);
        writeFile(content.substring(0, content.length() / 2).getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal().contains("is corrupt"));
    }

    @Test
    public void anEmptyFileIsCorruptNotAnEmptyStore() throws IOException {
        writeFile(new byte[0]);
        assertTrue(refusal().contains("is corrupt"));
    }

    @Test
    public void binaryContentIsCorrupt() throws IOException {
        writeFile(new byte[] {'f', 'p', (byte) 0xff, (byte) 0xfe, '\n'});
        assertTrue(refusal().contains("not UTF-8"));
    }

    @Test
    public void anUnreadableFileIsAnError() throws IOException {
        Files.createDirectories(file); // a directory where the file should be cannot be read
        assertTrue(refusal().contains("cannot read"));
    }

    @Test
    public void aFailedWriteChangesNothing() throws IOException {
        UserStore store = UserStore.open(file);
        add(store, "alice");
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker")); // the rename cannot replace this
        try {
            add(store, "bob");
            fail("the failed write went unnoticed");
        } catch (UserStoreException expected) {
            assertTrue(expected.getMessage().contains("cannot write the user store " + file.toAbsolutePath()));
        }
        assertNull(store.get("bob"));
        assertEquals(1, store.users().size());
        assertEquals(1, filesNextToStore()); // no temporary file left behind
    }

    @Test
    public void aRefusedChangeChangesNothing() {
        UserStore store = UserStore.open(file);
        add(store, "alice");
        try {
            store.update("alice", alice -> {
                throw new IllegalArgumentException("no");
            });
            fail();
        } catch (IllegalArgumentException expected) {
            assertEquals("no", expected.getMessage());
        }
        try {
            store.update("alice", alice -> User.create("mallory", HASH, Set.of()));
            fail("renamed a user");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("renamed"));
        }
        assertEquals(List.of("alice"), UserStore.open(file).users().stream().map(User::name).toList());
    }

    @Test
    public void readersKeepTheirSnapshot() {
        UserStore store = UserStore.open(file);
        add(store, "alice");
        List<User> before = store.users();
        add(store, "bob");
        assertEquals(1, before.size());
        assertEquals(2, store.users().size());
    }

    @Test
    public void credentialGenerationChangesWithThePasswordOnly() {
        UserStore store = UserStore.open(file);
        User alice = add(store, "alice");
        User renamedDisplay = store.update("alice", u -> u.withDisplayName("Alice").withRoles(Set.of("x")));
        assertEquals(alice.credentialGeneration(), renamedDisplay.credentialGeneration());
        User newPassword = store.update("alice", u -> u.withPasswordHash(OTHER_HASH));
        assertNotEquals(alice.credentialGeneration(), newPassword.credentialGeneration());
        store.update("alice", u -> null);
        User recreated = add(store, "alice");
        assertNotEquals(alice.credentialGeneration(), recreated.credentialGeneration());
        assertNotEquals(newPassword.credentialGeneration(), recreated.credentialGeneration());
    }

    @Test
    public void listenersHearEachChangeInOrder() {
        UserStore store = UserStore.open(file);
        List<String> heard = new ArrayList<>();
        UserStore.Listener listener = (before, after) -> heard.add((before == null ? "-" : before.name()) + ">"
                + (after == null ? "-" : after.name() + (after.isEnabled() ? "" : "(off)")));
        store.addListener(listener);
        store.addListener((before, after) -> {
            throw new IllegalStateException("a broken listener must not undo a stored change");
        });
        add(store, "alice");
        store.update("alice", u -> u.withEnabled(false));
        store.update("alice", u -> null);
        store.removeListener(listener);
        add(store, "bob");
        assertEquals(List.of("->alice", "alice>alice(off)", "alice>-"), heard);
        assertEquals(1, UserStore.open(file).users().size());
    }

    @Test
    public void aChangeReturningTheSameUserWritesNothing() {
        UserStore store = UserStore.open(file);
        User alice = add(store, "alice");
        List<String> heard = new ArrayList<>();
        store.addListener((before, after) -> heard.add("changed"));
        assertSame(alice, store.update("alice", u -> u));
        assertNull(store.update("nobody", u -> u));
        assertTrue(heard.isEmpty());
    }

    @Test(timeout = 60_000)
    public void concurrentWritersLoseNothing() throws Exception {
        UserStore store = UserStore.open(file);
        int threads = 8;
        int perThread = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String name = "u" + thread + "-" + i;
                    add(store, name);
                    store.update(name, u -> u.withRoles(Set.of("r" + thread))); // read-modify-write
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        for (UserStore s : new UserStore[] {store, UserStore.open(file)}) {
            List<User> users = s.users();
            assertEquals(threads * perThread, users.size());
            for (User user : users) {
                String thread = user.name().substring(1, user.name().indexOf('-'));
                assertEquals(Set.of("r" + thread), user.roles());
            }
        }
        assertEquals(1, filesNextToStore());
    }
}
