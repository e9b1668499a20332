package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionStoreComponent;
import io.github.fpauth.user.shared.MemorySharedStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.throttle.ThrottleComponent;
import io.github.fpauth.user.token.TokenComponent;

/**
 * Two nodes in one JVM over one shared store: what one node changes, the other follows, and
 * neither trusts its copy while the store is unreachable. (The PostgreSQL store is proven the
 * same way by the multi-node tests of the runtime.)
 */
public class SharedStoreNodesTest {

    private static final String ADMIN_PASSWORD = "first-admin-secret";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final MemorySharedStore store = new MemorySharedStore();
    private Node a;
    private Node b;

    /** One node's auth-user components, wired as DS wires them, on the shared store. */
    private final class Node {
        final SharedStoreTracker storage = Fakes.sharedStorage(store);
        final UserDirectoryComponent directory = new UserDirectoryComponent();
        final SessionStoreComponent sessions;
        final TokenComponent tokens;
        final ThrottleComponent throttle;
        final UserAuthManager manager;

        Node(File folder) {
            UserConfig config = Fakes.config(Map.of("passwordIterations", 1000, "throttleAccountFailures", 5));
            directory.storage = storage;
            directory.activate(Fakes.context(folder, null,
                    name -> AdminBootstrap.PROPERTY.equals(name) ? ADMIN_PASSWORD : null), config);
            sessions = new SessionStoreComponent(directory, storage, Fakes.context(folder, null, n -> null), config);
            tokens = new TokenComponent(directory, storage, Fakes.context(folder, null, n -> null), config);
            throttle = new ThrottleComponent(config, storage);
            manager = new UserAuthManager(directory, sessions, tokens, config);
            manager.throttle = throttle;
            manager.storage = storage;
            await("the node loads the shared store", storage::isAvailable);
        }

        AuthResult basic(String user, String password) {
            return manager.authenticate(request("Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).proxy());
        }
    }

    private static FakeHttp.Request request(String authorization) {
        FakeHttp.Request request = new FakeHttp.Request();
        request.header("Authorization", authorization);
        return request;
    }

    @Before
    public void twoNodes() throws Exception {
        a = new Node(temp.newFolder("a"));
        b = new Node(temp.newFolder("b"));
        a.directory.addUser("alice", "alice-password", List.of("user"));
        store.awaitAnnounced();
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

    @Test
    public void theFirstAdminIsCreatedOnceForEveryNode() {
        assertEquals(1, store.users().stream().filter(u -> u.name().equals("admin")).count());
        assertTrue(b.basic("admin", ADMIN_PASSWORD).isAuthenticated());
        assertTrue(a.basic("admin", ADMIN_PASSWORD).isAuthenticated());
    }

    @Test
    public void aUserAddedOnOneNodeSignsInOnTheOther() {
        AuthResult result = b.basic("alice", "alice-password");
        assertTrue(result.isAuthenticated());
        assertEquals(Set.of("user"), result.scopes());
    }

    @Test
    public void aPasswordChangedOnOneNodeIsRefusedOnTheOtherDespiteItsCredentialCache() throws Exception {
        assertTrue(b.basic("alice", "alice-password").isAuthenticated()); // now in b's cache
        a.directory.setPassword("alice", "a-new-password");
        store.awaitAnnounced();
        assertFalse(b.basic("alice", "alice-password").isAuthenticated());
        assertTrue(b.basic("alice", "a-new-password").isAuthenticated());
    }

    @Test
    public void aRoleChangeOnOneNodeShowsOnTheOther() throws Exception {
        assertEquals(Set.of("user"), b.basic("alice", "alice-password").scopes());
        a.directory.setRoles("alice", List.of("user", "fp_admin"));
        store.awaitAnnounced();
        assertEquals(Set.of("user", "fp_admin"), b.basic("alice", "alice-password").scopes());
    }

    @Test
    public void aUserDisabledOrRemovedOnOneNodeIsRefusedOnTheOther() throws Exception {
        NewSession session = b.sessions.create("alice", false, "192.0.2.7", "test");
        assertTrue(b.basic("alice", "alice-password").isAuthenticated());
        a.directory.setEnabled("alice", false);
        store.awaitAnnounced();
        assertFalse(b.basic("alice", "alice-password").isAuthenticated());
        assertTrue("a disabled user's sessions end", b.sessions.resolve(session.secret()).isEmpty());

        a.directory.removeUser("alice");
        store.awaitAnnounced();
        assertEquals(null, b.directory.find("alice"));
    }

    @Test
    public void aSessionStartedOnOneNodeIsAcceptedOnTheOtherUntilItIsRevoked() throws Exception {
        NewSession session = a.sessions.create("alice", false, "192.0.2.7", "test");
        store.awaitAnnounced();
        assertEquals("alice", b.sessions.resolve(session.secret()).orElseThrow().user());

        a.sessions.revoke("alice", session.session().publicId());
        store.awaitAnnounced();
        assertTrue(b.sessions.resolve(session.secret()).isEmpty());
    }

    @Test
    public void aSessionStartedOnOneNodeIsAcceptedOnTheOtherBeforeItsAnnouncementArrives() throws Exception {
        Runnable release = store.holdAnnouncements();
        try {
            NewSession session = a.sessions.create("alice", false, "192.0.2.7", "test");
            assertEquals("alice", b.sessions.resolve(session.secret()).orElseThrow().user());

            a.sessions.revoke("alice", session.session().publicId());
            assertTrue("read again, it is gone", b.sessions.resolve(session.secret()).isEmpty());
        } finally {
            release.run();
        }
    }

    @Test
    public void madeUpSessionCookiesCostTheSharedStoreAtMostAFewReadsASecond() {
        SessionSecrets secrets = new SessionSecrets(new SecureRandom());
        int before = store.sessionReads.get();
        for (int i = 0; i < 500; i++) {
            assertTrue(b.sessions.resolve(secrets.newSecret()).isEmpty());
        }
        int reads = store.sessionReads.get() - before;
        assertTrue("reads: " + reads, reads > 0 && reads <= 2 * 50); // 50 a second, the loop may straddle two
    }

    @Test
    public void aTokenCreatedOnOneNodeWorksOnTheOtherUntilItIsRevoked() throws Exception {
        String secret = a.tokens.create("alice", "ci", 0).secret();
        store.awaitAnnounced();
        assertTrue(b.manager.authenticate(request("Bearer " + secret).proxy()).isAuthenticated());

        assertTrue(b.tokens.revoke("alice", "ci"));
        store.awaitAnnounced();
        assertFalse(a.manager.authenticate(request("Bearer " + secret).proxy()).isAuthenticated());
    }

    @Test
    public void failuresOnEveryNodeCountAgainstOneBudget() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertFalse(a.basic("alice", "guess-a" + i).isAuthenticated());
        }
        for (int i = 0; i < 2; i++) {
            assertFalse(b.basic("alice", "guess-b" + i).isAuthenticated());
        }
        store.awaitAnnounced();
        // Five failures in all, three on one node and two on the other: the account is locked on both.
        assertFalse(a.throttle.check("alice", "198.51.100.1").isAllowed());
        assertFalse(b.throttle.check("alice", "198.51.100.2").isAllowed());

        b.throttle.unlock("alice");
        store.awaitAnnounced();
        assertTrue(a.throttle.check("alice", "198.51.100.1").isAllowed());
    }

    @Test
    public void whileTheStoreIsUnreachableEveryCredentialIsAnswered503AndTheNodeRecoversByItself()
            throws Exception {
        assertTrue(b.basic("alice", "alice-password").isAuthenticated());
        store.goDown();

        AuthResult refused = b.basic("alice", "alice-password");
        assertFalse(refused.isAuthenticated());
        assertEquals(UserAuthManager.UNAVAILABLE, refused.failureReason().orElseThrow());
        FakeHttp.Request request = request("Basic x");
        FakeHttp.Response response = new FakeHttp.Response();
        AuthResult answered = b.manager.authenticate(request.proxy());
        b.manager.onAuthenticationFailure(request.proxy(), response.proxy(), answered);
        assertEquals(503, response.status);
        assertEquals("5", response.header("Retry-After"));
        assertFalse("no session is trusted either", b.manager.authenticate(new FakeHttp.Request().proxy())
                .isAuthenticated());

        store.comeBack();
        await("the node reloads the store", b.storage::isAvailable);
        assertTrue(b.basic("alice", "alice-password").isAuthenticated());
    }
}
