package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.FailureThrottle;
import io.github.fpauth.user.throttle.ThrottleSettings;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

/** The token and throttle parts of {@link UserAuthManager}. */
public class UserAuthManagerTokenTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountingHasher hasher = new CountingHasher();
    private UserAuthManager manager;
    private StoredAccessTokens tokens;
    private String secret;

    @Before
    public void setUp() {
        StoredUserDirectory directory = new StoredUserDirectory(
                UserStore.open(temp.getRoot().toPath().resolve("users.txt")), hasher, PasswordPolicy.defaults());
        directory.addUser("alice", "correct horse", List.of("ops"));
        directory.addUser("bob", "battery staple", List.of());
        manager = new UserAuthManager(directory, Fakes.sessions(temp.getRoot().toPath()), Fakes.config());
        manager.throttle = new FailureThrottle(new ThrottleSettings(3, 100, 1, 900, 100, 1000));
        tokens = new StoredAccessTokens(TokenStore.open(temp.getRoot().toPath().resolve("tokens.txt")), directory,
                new TokenSecrets(new SecureRandom()), () -> System.currentTimeMillis() / 1000, 10);
        manager.tokens = tokens;
        secret = tokens.create("alice", "ci", 0).secret();
    }

    private AuthResult authenticate(String... headers) {
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
    public void withoutTheTokenServiceTokensAreRefused() {
        manager.tokens = null;
        assertEquals("invalid token", authenticate("Bearer " + secret).failureReason().get());
    }

    /** While the bundle starts, the token service may bind after the manager: valid tokens must not lock anyone out. */
    @Test
    public void refusalsWithoutTheTokenServiceDoNotCountAsFailures() {
        manager.tokens = null;
        for (int i = 0; i < 150; i++) { // more than the address (100) and account (3) thresholds
            assertEquals("invalid token", authenticate("Bearer " + secret).failureReason().get());
            assertEquals("invalid token", authenticate(UserAuthManagerTest.basic("alice:" + secret)).failureReason().get());
        }
        manager.tokens = tokens;
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
}
