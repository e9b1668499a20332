package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.FailureThrottle;
import io.github.fpauth.user.throttle.ThrottleSettings;
import io.github.fpauth.user.token.AccessTokens;
import io.github.fpauth.user.token.DisabledAccessTokens;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

/** The token and throttle parts of {@link UserAuthManager}. */
public class UserAuthManagerTokenTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountingHasher hasher = new CountingHasher();
    private final FailureThrottle throttle = new FailureThrottle(new ThrottleSettings(3, 100, 1, 900, 100, 1000));
    private StoredUserDirectory directory;
    private UserAuthManager manager;
    private String secret;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(
                UserStore.open(temp.getRoot().toPath().resolve("users.txt")), hasher, PasswordPolicy.defaults());
        directory.addUser("alice", "correct horse", List.of("ops"));
        directory.addUser("bob", "battery staple", List.of());
        StoredAccessTokens tokens = new StoredAccessTokens(TokenStore.open(temp.getRoot().toPath()
                .resolve("tokens.txt")), directory, new TokenSecrets(new SecureRandom()),
                () -> System.currentTimeMillis() / 1000, 10);
        manager = manager(tokens);
        secret = tokens.create("alice", "ci", 0).secret();
    }

    /** A manager over these tokens, sharing the users and the throttle. */
    private UserAuthManager manager(AccessTokens tokens) {
        UserAuthManager created = new UserAuthManager(directory, Fakes.sessions(temp.getRoot().toPath()), tokens,
                Fakes.config());
        created.throttle = throttle;
        created.storage = Fakes.fileStorage();
        return created;
    }

    private AuthResult authenticate(String... headers) {
        return authenticate(manager, headers);
    }

    private static AuthResult authenticate(UserAuthManager manager, String... headers) {
        return manager.authenticate(Fakes.request(headers));
    }

    @Test
    public void aTokenAuthenticatesAsBearerAndAsTheOwnersBasicPasswordWithoutAPasswordHash() {
        int hashes = hasher.count();
        AuthResult bearer = authenticate("Bearer " + secret);
        AuthResult basic = authenticate(UserAuthManagerTest.basic("alice:" + secret));

        assertEquals("alice", bearer.user().getName());
        assertEquals(List.of("ops"), List.copyOf(bearer.scopes()));
        assertEquals("alice", basic.user().getName());
        assertEquals("no password hash for tokens", hashes, hasher.count());
    }

    @Test
    public void aTokenIsRefusedForAnotherUserOrWhenUnknown() {
        assertEquals("invalid token", authenticate(UserAuthManagerTest.basic("bob:" + secret)).failureReason().get());
        assertEquals("invalid token", authenticate("Bearer fpat_" + "x".repeat(43)).failureReason().get());
        assertSame("someone else's bearer token", AuthResult.noCredentials(), authenticate("Bearer abc.def"));
        assertEquals("malformed credentials",
                authenticate("Bearer " + secret, "Bearer " + secret).failureReason().get());
    }

    @Test
    public void withTokensDisabledTokensAreRefusedAndPasswordsWork() {
        UserAuthManager disabled = manager(new DisabledAccessTokens());
        assertEquals("invalid token", authenticate(disabled, "Bearer " + secret).failureReason().get());
        assertEquals("invalid token",
                authenticate(disabled, UserAuthManagerTest.basic("alice:" + secret)).failureReason().get());
        assertEquals("alice", authenticate(disabled, UserAuthManagerTest.basic("alice:correct horse")).user().getName());
    }

    /**
     * With the token store unreadable the client may well hold a valid token: its refusals must not lock it
     * out, neither then nor once the store is repaired and the bundle restarted.
     */
    @Test
    public void refusalsWithTokensDisabledDoNotCountAsFailures() {
        UserAuthManager disabled = manager(new DisabledAccessTokens());
        for (int i = 0; i < 150; i++) { // more than the address (100) and account (3) thresholds
            assertEquals("invalid token", authenticate(disabled, "Bearer " + secret).failureReason().get());
            assertEquals("invalid token",
                    authenticate(disabled, UserAuthManagerTest.basic("alice:" + secret)).failureReason().get());
        }
        assertEquals("alice", authenticate("Bearer " + secret).user().getName());
        assertEquals("alice", authenticate(UserAuthManagerTest.basic("alice:" + secret)).user().getName());
    }

    @Test
    public void throttledAttemptsPayNoHashAndAreAnswered429WithRetryAfter() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertEquals("invalid credentials",
                    authenticate(UserAuthManagerTest.basic("bob:wrong" + i)).failureReason().get());
        }
        int hashes = hasher.count();
        javax.servlet.http.HttpServletRequest request = Fakes.request(UserAuthManagerTest.basic("bob:battery staple"));
        AuthResult throttled = manager.authenticate(request);

        assertEquals(UserAuthManager.THROTTLED, throttled.failureReason().get());
        assertEquals("no hash while throttled", hashes, hasher.count());
        Fakes.Response response = new Fakes.Response();
        manager.onAuthenticationFailure(request, response.proxy(), throttled);
        assertEquals(429, response.status);
        assertEquals("1", response.headers.get("Retry-After"));
        assertTrue("alice is not affected", authenticate("Bearer " + secret).isAuthenticated());
    }

    /** Jetty formats the client address anew on every call: while nothing has failed, none is asked for. */
    @Test
    public void withNothingFailedTheClientAddressIsNeverAsked() {
        AtomicInteger addressCalls = new AtomicInteger();
        assertTrue(throttle.isQuiet());
        for (int i = 0; i < 2; i++) {
            assertEquals("alice", manager.authenticate(Fakes.request(addressCalls, "Bearer " + secret)).user().getName());
            assertEquals("alice", manager.authenticate(Fakes.request(addressCalls,
                    UserAuthManagerTest.basic("alice:" + secret))).user().getName());
            assertEquals("alice", manager.authenticate(Fakes.request(addressCalls,
                    UserAuthManagerTest.basic("alice:correct horse"))).user().getName());
        }
        assertEquals(0, addressCalls.get());
        assertTrue(throttle.isQuiet());
    }

    @Test
    public void aFailureIsRecordedWithTheAddressAndThenEveryAttemptIsChecked() {
        AtomicInteger addressCalls = new AtomicInteger();
        assertEquals("invalid token",
                manager.authenticate(Fakes.request(addressCalls, "Bearer fpat_" + "x".repeat(43))).failureReason().get());
        assertEquals("the failure needs it", 1, addressCalls.get());
        assertFalse(throttle.isQuiet());

        assertEquals("invalid credentials", manager.authenticate(Fakes.request(addressCalls,
                UserAuthManagerTest.basic("bob:wrong"))).failureReason().get());
        assertEquals(2, addressCalls.get());
        assertEquals("alice", manager.authenticate(Fakes.request(addressCalls, "Bearer " + secret)).user().getName());
        assertEquals("checked", 3, addressCalls.get());
        for (int i = 0; i < 2; i++) {
            assertEquals("invalid credentials", manager.authenticate(Fakes.request(addressCalls,
                    UserAuthManagerTest.basic("bob:wrong" + i))).failureReason().get());
        }
        assertEquals("bob's third failure throttles him", UserAuthManager.THROTTLED,
                manager.authenticate(Fakes.request(UserAuthManagerTest.basic("bob:" + secret))).failureReason().get());
    }

    @Test
    public void aThrottledAddressIsRefusedEveryToken() throws IOException {
        for (int i = 0; i < 100; i++) { // the address threshold
            throttle.recordFailure(null, "192.0.2.1");
        }
        javax.servlet.http.HttpServletRequest request = Fakes.request("Bearer " + secret);
        AuthResult throttled = manager.authenticate(request);

        assertEquals(UserAuthManager.THROTTLED, throttled.failureReason().get());
        Fakes.Response response = new Fakes.Response();
        manager.onAuthenticationFailure(request, response.proxy(), throttled);
        assertEquals(429, response.status);
        assertEquals(UserAuthManager.THROTTLED,
                authenticate(UserAuthManagerTest.basic("alice:" + secret)).failureReason().get());
        assertEquals(UserAuthManager.THROTTLED,
                authenticate(UserAuthManagerTest.basic("alice:correct horse")).failureReason().get());
    }

    /** A success ends the account's run of failures: a throttle with a record is told, with the address. */
    @Test
    public void aSuccessAfterAFailureEndsTheAccountsRun() {
        for (int i = 0; i < 2; i++) {
            authenticate(UserAuthManagerTest.basic("alice:wrong" + i));
        }
        assertEquals("alice", authenticate(UserAuthManagerTest.basic("alice:correct horse")).user().getName());
        for (int i = 0; i < 2; i++) {
            assertEquals("invalid credentials",
                    authenticate(UserAuthManagerTest.basic("alice:again" + i)).failureReason().get());
        }
        assertEquals("alice", authenticate(UserAuthManagerTest.basic("alice:correct horse")).user().getName());
    }
}
