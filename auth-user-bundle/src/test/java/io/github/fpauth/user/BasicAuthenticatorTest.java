package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.basic.BasicAuthorization;
import io.github.fpauth.user.basic.BasicCredentials;
import io.github.fpauth.user.cache.VerifiedCredentialCache;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.UserStore;

public class BasicAuthenticatorTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountingHasher hasher = new CountingHasher();
    private StoredUserDirectory directory;
    private BasicAuthenticator authenticator;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")), hasher,
                PasswordPolicy.defaults());
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(60), 100);
        directory.addListener(cache);
        authenticator = new BasicAuthenticator(directory, cache);
        directory.addUser("alice", "correct horse", List.of("ops"));
    }

    static BasicCredentials credentials(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return BasicAuthorization.parse("Basic " + token).credentials();
    }

    private AuthResult login(String user, String password) {
        return authenticator.authenticate(credentials(user, password));
    }

    private int hashesFor(Runnable requests) {
        int before = hasher.count();
        requests.run();
        return hasher.count() - before;
    }

    @Test
    public void anAccountWithASecondFactorCannotSignInWithItsPasswordAloneEvenFromTheCache() {
        assertTrue(login("alice", "correct horse").isAuthenticated()); // cached now
        directory.changeSecondFactor("alice", none -> "sealed1:factor");
        AuthResult refused = login("alice", "correct horse");
        assertSame("the answer to a wrong password", BasicAuthenticator.INVALID, refused);
        directory.changeSecondFactor("alice", factor -> null);
        assertTrue("again once it is removed", login("alice", "correct horse").isAuthenticated());
    }

    @Test
    public void anAccountThatMustEnrolCannotSignInWithItsPasswordAlone() {
        BasicAuthenticator strict = new BasicAuthenticator(directory, new VerifiedCredentialCache(Duration.ofSeconds(60),
                100), user -> !user.name().equals("alice"));
        assertFalse(strict.authenticate(credentials("alice", "correct horse")).isAuthenticated());
        directory.addUser("bob", "battery staple", List.of());
        assertTrue(strict.authenticate(credentials("bob", "battery staple")).isAuthenticated());
    }

    @Test
    public void repeatedValidCredentialsAreHashedOnce() {
        assertEquals(1, hashesFor(() -> assertTrue(login("alice", "correct horse").isAuthenticated())));
        assertEquals(0, hashesFor(() -> {
            for (int i = 0; i < 50; i++) {
                AuthResult result = login("alice", "correct horse");
                assertTrue(result.isAuthenticated());
                assertEquals("alice", result.user().getName());
                assertEquals(Set.of("ops"), result.scopes());
            }
        }));
    }

    @Test
    public void wrongPasswordsAndUnknownUsersCostOneHashEachAndAreNeverCached() {
        login("alice", "correct horse");
        assertEquals(3, hashesFor(() -> {
            for (int i = 0; i < 3; i++) {
                assertEquals("invalid credentials", login("alice", "wrong horse").failureReason().get());
            }
        }));
        assertEquals(3, hashesFor(() -> {
            for (int i = 0; i < 3; i++) {
                assertEquals("invalid credentials", login("mallory", "correct horse").failureReason().get());
            }
        }));
    }

    @Test
    public void impossibleNamesCostNoHash() {
        assertEquals(0, hashesFor(() -> {
            AuthResult result = login("x".repeat(65), "correct horse");
            assertEquals("invalid credentials", result.failureReason().get());
            assertSame(BasicAuthenticator.INVALID, login("a b", "pw"));
        }));
    }

    @Test
    public void aPasswordChangeInvalidatesCachedCredentialsAtOnce() {
        login("alice", "correct horse");
        directory.setPassword("alice", "battery staple");
        assertEquals(1, hashesFor(() -> assertFalse(login("alice", "correct horse").isAuthenticated())));
        assertEquals(1, hashesFor(() -> assertTrue(login("alice", "battery staple").isAuthenticated())));
        assertEquals(0, hashesFor(() -> assertTrue(login("alice", "battery staple").isAuthenticated())));
    }

    @Test
    public void removalAndDisableApplyAtOnce() {
        directory.addUser("bob", "correct horse", List.of());
        login("alice", "correct horse");
        login("bob", "correct horse");
        directory.removeUser("alice");
        directory.setEnabled("bob", false);
        assertEquals("invalid credentials", login("alice", "correct horse").failureReason().get());
        assertEquals("invalid credentials", login("bob", "correct horse").failureReason().get());
        directory.setEnabled("bob", true);
        assertTrue(login("bob", "correct horse").isAuthenticated());
    }

    @Test
    public void rolesAndDisplayNameComeFromTheCurrentStoreOnCacheHits() {
        login("alice", "correct horse");
        directory.setRoles("alice", List.of("fp_admin"));
        directory.setDisplayName("alice", "Alice A.");
        int before = hasher.count();
        AuthResult result = login("alice", "correct horse");
        assertEquals(before, hasher.count());
        assertTrue(result.user().isAdmin());
        assertEquals("Alice A.", result.user().displayName());
        assertEquals(Set.of("fp_admin"), result.scopes());
    }

    @Test
    public void withoutACacheEveryRequestHashes() {
        BasicAuthenticator uncached = new BasicAuthenticator(directory,
                new VerifiedCredentialCache(Duration.ZERO, 100));
        assertEquals(3, hashesFor(() -> {
            for (int i = 0; i < 3; i++) {
                assertTrue(uncached.authenticate(credentials("alice", "correct horse")).isAuthenticated());
            }
        }));
    }

    @Test
    public void concurrentRequestsWithTheSameCredentialsShareOneHash() throws Exception {
        GatedHasher gated = new GatedHasher(null);
        BasicAuthenticator shared = gatedAuthenticator(gated);
        List<Future<AuthResult>> results = sameCredentialsAtOnce(shared, gated, 8);
        assertEquals(1, gated.entered.get());
        for (Future<AuthResult> result : results) {
            assertEquals("alice", result.get(5, TimeUnit.SECONDS).user().getName());
        }
        assertEquals(1, gated.entered.get());
    }

    @Test
    public void aBusyRefusalOfTheSharedCheckIsEveryWaitersRefusal() throws Exception {
        GatedHasher gated = new GatedHasher(new HashingBusyException(7));
        BasicAuthenticator shared = gatedAuthenticator(gated);
        List<Future<AuthResult>> results = sameCredentialsAtOnce(shared, gated, 4);
        for (Future<AuthResult> result : results) {
            try {
                result.get(5, TimeUnit.SECONDS);
                throw new AssertionError("a request was answered although its check was refused");
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof HashingBusyException);
                assertEquals(7, ((HashingBusyException) e.getCause()).retryAfterSeconds());
            }
        }
        assertEquals(1, gated.entered.get());
        // Nothing was remembered: the next request checks again.
        gated.failure = null;
        assertTrue(shared.authenticate(credentials("alice", "correct horse")).isAuthenticated());
        assertEquals(2, gated.entered.get());
    }

    private BasicAuthenticator gatedAuthenticator(GatedHasher gated) {
        StoredUserDirectory users = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("gated.txt")),
                gated, PasswordPolicy.defaults());
        users.addUser("alice", "correct horse", List.of("ops")); // hash(), which the gate leaves alone
        return new BasicAuthenticator(users, new VerifiedCredentialCache(Duration.ofSeconds(60), 100));
    }

    /**
     * Sends the same credentials from {@code clients} threads while the first check is held, lets it
     * finish once every other request has had the time to start its own, and returns the answers.
     */
    private static List<Future<AuthResult>> sameCredentialsAtOnce(BasicAuthenticator shared, GatedHasher gated,
            int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<AuthResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> shared.authenticate(credentials("alice", "correct horse"))));
            }
            assertTrue(gated.first.await(5, TimeUnit.SECONDS));
            Thread.sleep(300); // without sharing, the others would now be hashing too
            gated.open.countDown();
            for (Future<AuthResult> result : results) {
                try {
                    result.get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException expectedByTheCaller) {
                    // the caller looks at each answer
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts password checks; each waits until the test opens the gate, then fails if told to. */
    private static final class GatedHasher extends CountingHasher {
        final AtomicInteger entered = new AtomicInteger();
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        volatile RuntimeException failure;

        GatedHasher(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public boolean verify(String password, String stored) {
            entered.incrementAndGet();
            first.countDown();
            try {
                if (!open.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return super.verify(password, stored);
        }
    }
}
