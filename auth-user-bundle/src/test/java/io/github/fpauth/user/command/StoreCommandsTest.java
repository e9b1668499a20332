package io.github.fpauth.user.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.crypto.SecretHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.shared.MemorySharedStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

/** Moving a single node to a shared store: {@code fpauth:storeimport} copies its file store. */
public class StoreCommandsTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final MemorySharedStore target = new MemorySharedStore();
    private final SessionTimeouts timeouts = new SessionTimeouts(Duration.ofHours(1), Duration.ofHours(8),
            Duration.ofDays(30), Duration.ofDays(90), 10);
    private Path users;
    private Path tokens;
    private Path sessions;
    private UserStore fileUsers;
    private String sessionSecret;
    private String tokenSecret;

    /** A node on its files: two users, a token, a session, all flushed to disk. */
    @Before
    public void fileStore() throws Exception {
        users = temp.getRoot().toPath().resolve("users.txt");
        tokens = temp.getRoot().toPath().resolve("tokens.txt");
        sessions = temp.getRoot().toPath().resolve("sessions.txt");
        fileUsers = UserStore.open(users);
        StoredUserDirectory directory = new StoredUserDirectory(fileUsers, new Pbkdf2PasswordHasher(1000),
                PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of("fp_admin"));
        directory.addUser("bob", "bob-password", List.of());
        directory.setEnabled("bob", false);
        StoredAccessTokens fileTokens = new StoredAccessTokens(TokenStore.open(tokens), directory,
                new TokenSecrets(new SecureRandom()), () -> System.currentTimeMillis() / 1000, 10);
        tokenSecret = fileTokens.create("alice", "ci", 30).secret();
        PersistentSessionStore fileSessions = new PersistentSessionStore(sessions, new SessionSecrets(new SecureRandom()),
                timeouts, System::currentTimeMillis);
        NewSession session = fileSessions.create("alice", false, "192.0.2.1", "test");
        sessionSecret = session.secret();
        fileSessions.flush();
    }

    private StoreCommands commands(SharedStoreTracker storage) {
        return new StoreCommands(storage, users, tokens, sessions, timeouts,
                kind -> StoreCommands.StoreCall.of(target));
    }

    @Test
    public void theImportCopiesUsersTokensAndSessionsIntoAnEmptyStore() {
        String said = commands(Fakes.fileStorage()).storeimport("jdbc");

        assertTrue(said, said.contains("Copied 2 users (0 replaced), 1 tokens") && said.contains("1 sessions"));
        assertTrue("the node is told how to move over: " + said, said.contains("set store=jdbc"));
        assertEquals(fileUsers.rows(), target.users());
        UserRow bob = target.user("bob").orElseThrow();
        assertFalse("disabled stays disabled", bob.enabled());
        assertEquals(1, target.tokens().size());
        assertEquals("alice", target.tokens().get(0).owner());
        assertEquals(1, target.sessions().size());
        assertEquals("alice", target.sessions().get(0).user());
    }

    @Test
    public void whatWasImportedWorksOnANodeOfTheSharedStore() throws Exception {
        commands(Fakes.fileStorage()).storeimport("jdbc");

        SharedStoreTracker shared = Fakes.sharedStorage(target);
        UserStore replica = UserStore.shared(shared);
        shared.register(replica);
        TokenStore tokenReplica = TokenStore.shared(shared);
        shared.register(tokenReplica);
        await("the replicas load the shared store", shared::isAvailable);
        StoredUserDirectory directory = new StoredUserDirectory(replica, new Pbkdf2PasswordHasher(1000),
                PasswordPolicy.defaults());
        assertTrue("the same password hash", directory.verifyPassword("alice", "alice-password").isPresent());
        assertTrue(directory.verifyPassword("alice", "wrong-password").isEmpty());
        StoredAccessTokens sharedTokens = new StoredAccessTokens(tokenReplica, directory,
                new TokenSecrets(new SecureRandom()), () -> System.currentTimeMillis() / 1000, 10);
        assertEquals("alice", sharedTokens.authenticate(tokenSecret, null).name());
        SessionRow session = target.sessions().get(0);
        assertEquals(new SecretHasher().hash(sessionSecret).toHex(), session.secretHash());
    }

    @Test
    public void aStoreThatHoldsRecordsIsRefusedAndLeftAlone() {
        target.updateUser("carol", absent -> new UserRow("carol", "Carol", List.of(), true, "$x$"));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> commands(Fakes.fileStorage()).storeimport("jdbc"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("holds records already")
                && refused.getMessage().contains("--force"));
        assertEquals(List.of("carol"), names(target.users()));
        assertTrue(target.tokens().isEmpty());
        assertTrue(target.sessions().isEmpty());
    }

    @Test
    public void aForcedImportMergesAndRunningItAgainChangesNothing() {
        target.updateUser("carol", absent -> new UserRow("carol", "Carol", List.of(), true, "$x$"));
        StoreCommands commands = commands(Fakes.fileStorage());

        commands.storeimport("--force", "jdbc");
        List<UserRow> usersOnce = target.users();
        List<TokenRow> tokensOnce = target.tokens();
        List<SessionRow> sessionsOnce = target.sessions();
        assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(names(usersOnce)));

        String again = commands.storeimport("--force", "jdbc");
        assertTrue(again, again.contains("2 users (2 replaced), 0 tokens (1 stored already"));
        assertTrue(again, again.contains("0 sessions (1 stored already"));
        assertEquals(usersOnce, target.users());
        assertEquals(tokensOnce, target.tokens());
        assertEquals(sessionsOnce, target.sessions());
    }

    @Test
    public void badArgumentsAreRefusedClearly() {
        StoreCommands commands = commands(Fakes.fileStorage());
        assertThrows(IllegalArgumentException.class, () -> commands.storeimport("file"));
        assertThrows(IllegalArgumentException.class, () -> commands.storeimport("jdbc)(objectClass=*"));
        assertThrows(IllegalArgumentException.class, () -> commands.storeimport("-f", "jdbc"));
        assertTrue(target.isEmpty());
    }

    @Test
    public void noUserFileMeansNothingToCopy() throws Exception {
        java.nio.file.Files.delete(users);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> commands(Fakes.fileStorage()).storeimport("jdbc"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("nothing to copy"));
        assertTrue(target.isEmpty());
    }

    @Test
    public void storeSaysWhichStoreTheNodeUses() {
        assertTrue(commands(Fakes.fileStorage()).store(), commands(Fakes.fileStorage()).store()
                .startsWith("Store: file (this node only)"));
        String shared = commands(Fakes.sharedStorage(target)).store();
        assertTrue(shared, shared.contains("shared store 'memory': memory") && shared.contains("(not in use)"));
    }

    private static List<String> names(List<UserRow> rows) {
        return rows.stream().map(UserRow::name).collect(Collectors.toList());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
