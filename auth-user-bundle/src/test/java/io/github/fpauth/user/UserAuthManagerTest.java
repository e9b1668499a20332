package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.token.DisabledAccessTokens;

public class UserAuthManagerTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountingHasher hasher = new CountingHasher();
    private StoredUserDirectory directory;
    private UserAuthManager manager;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")), hasher,
                PasswordPolicy.defaults());
        directory.addUser("alice", "correct horse", List.of("fp_admin", "ops"));
        directory.setDisplayName("alice", "Alice Liddell");
        manager = new UserAuthManager(directory, Fakes.sessions(temp.getRoot().toPath()),
                new DisabledAccessTokens(), Fakes.config());
        manager.throttle = new io.github.fpauth.user.throttle.FailureThrottle(
                io.github.fpauth.user.throttle.ThrottleSettings.defaults());
        manager.storage = Fakes.fileStorage();
    }

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private AuthResult authenticate(String... headers) {
        AuthResult result = manager.authenticate(Fakes.request(headers));
        return result;
    }

    @Test
    public void isNamedAuthUser() {
        assertEquals("auth_user", manager.name());
    }

    @Test
    public void noHeaderOrAnotherSchemeMeansNoCredentials() {
        assertSame(AuthResult.noCredentials(), authenticate());
        assertSame(AuthResult.noCredentials(), authenticate("Bearer abc"));
        assertSame(AuthResult.noCredentials(), authenticate("Digest username=\"alice\""));
    }

    @Test
    public void malformedBasicFails() {
        for (String header : new String[] {"Basic", "Basic !!!", basic("alice"), basic(":correct horse"),
            basic("alice:"), basic("alice:bad\u0000pw"), basic("alice:" + "x".repeat(1025))}) {
            AuthResult result = authenticate(header);
            assertEquals(header, AuthResult.Status.FAILED, result.status());
            assertEquals("malformed credentials", result.failureReason().get());
            assertSame(AuthUser.ANONYMOUS, result.user());
        }
    }

    @Test
    public void severalAuthorizationHeadersAreMalformed() {
        AuthResult result = authenticate(basic("alice:correct horse"), basic("alice:correct horse"));
        assertEquals("malformed credentials", result.failureReason().get());
    }

    @Test
    public void wrongPasswordAndUnknownUserFailAlike() {
        AuthResult wrong = authenticate(basic("alice:wrong horse"));
        AuthResult unknown = authenticate(basic("bob:correct horse"));
        assertEquals(AuthResult.Status.FAILED, wrong.status());
        assertEquals("invalid credentials", wrong.failureReason().get());
        assertEquals(wrong.failureReason(), unknown.failureReason());
        assertEquals(wrong.status(), unknown.status());
    }

    @Test
    public void disabledUsersFail() {
        directory.setEnabled("alice", false);
        assertEquals("invalid credentials", authenticate(basic("alice:correct horse")).failureReason().get());
    }

    @Test
    public void rightCredentialsAuthenticateWithNameDisplayNameAndRoles() {
        AuthResult result = authenticate(basic("alice:correct horse"));
        assertTrue(result.isAuthenticated());
        AuthUser user = result.user();
        assertEquals("alice", user.getName());
        assertEquals("Alice Liddell", user.displayName());
        assertEquals(Set.of("fp_admin", "ops"), user.roles());
        assertTrue(user.isAdmin());
        assertEquals(Set.of("fp_admin", "ops"), result.scopes());
        assertTrue(authenticate("basic " + basic("alice:correct horse").substring(6)).isAuthenticated());
    }

    @Test
    public void repeatedRequestsAreHashedOnce() {
        int before = hasher.count();
        for (int i = 0; i < 20; i++) {
            assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
        }
        assertEquals(1, hasher.count() - before);
    }

    @Test
    public void whileHashingIsBusyTheAnswerIs503WithRetryAfterAndNothingIsCounted() throws IOException {
        directory.reconfigure(new BusyHasher(7), PasswordPolicy.defaults());
        for (int i = 0; i < 10; i++) { // more than the failures an account may have
            javax.servlet.http.HttpServletRequest request = Fakes.request(basic("alice:wrong " + i));
            AuthResult busy = manager.authenticate(request);
            assertEquals(UserAuthManager.BUSY, busy.failureReason().get());

            Fakes.Response response = new Fakes.Response();
            manager.onAuthenticationFailure(request, response.proxy(), busy);
            assertEquals(503, response.status);
            assertEquals("7", response.headers.get("Retry-After"));
            assertFalse("no challenge: the password was not checked", response.headers.containsKey("WWW-Authenticate"));
        }

        directory.reconfigure(hasher, PasswordPolicy.defaults());
        assertTrue("busy refusals are no failures of the account",
                authenticate(basic("alice:correct horse")).isAuthenticated());
    }

    @Test
    public void failureAnswersWithABasicChallengeInTheConfiguredRealm() throws IOException {
        Fakes.Response response = new Fakes.Response();
        manager.onAuthenticationFailure(Fakes.request(), response.proxy(), AuthResult.noCredentials());
        assertEquals(401, response.status);
        assertEquals("Basic realm=\"" + AuthManager.DEFAULT_REALM + "\", charset=\"UTF-8\"",
                response.headers.get("WWW-Authenticate"));

        manager.modified(Fakes.config(Map.of("realm", "Reports")));
        Fakes.Response reports = new Fakes.Response();
        manager.onAuthenticationFailure(Fakes.request(), reports.proxy(), AuthResult.failed("invalid credentials"));
        assertEquals(401, reports.status);
        assertEquals("Basic realm=\"Reports\", charset=\"UTF-8\"", reports.headers.get("WWW-Authenticate"));
    }

    @Test
    public void realmsThatWouldBreakTheHeaderAreReplaced() {
        assertEquals("fpauth", UserAuthManager.realm("a\"b"));
        assertEquals("fpauth", UserAuthManager.realm("a\\b"));
        assertEquals("fpauth", UserAuthManager.realm("a\r\nSet-Cookie: x=y"));
        assertEquals("fpauth", UserAuthManager.realm("réalm"));
        assertEquals("fpauth", UserAuthManager.realm(""));
        assertEquals("fpauth", UserAuthManager.realm("x".repeat(65)));
        assertEquals("My App", UserAuthManager.realm("My App"));
    }

    @Test
    public void reconfigurationKeepsAuthenticatingAndStartsAFreshCache() {
        assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
        manager.modified(Fakes.config(Map.of("credentialCacheTtlSeconds", 0)));
        int before = hasher.count();
        assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
        assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
        assertEquals(2, hasher.count() - before); // cache off: every request hashes
    }

    @Test
    public void outOfRangeCacheSettingsAreClamped() {
        manager.modified(Fakes.config(Map.of("credentialCacheTtlSeconds", -5, "credentialCacheSize", -1)));
        assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
    }

    @Test
    public void deactivationLetsGoOfTheStore() {
        assertTrue(authenticate(basic("alice:correct horse")).isAuthenticated());
        manager.deactivate();
        // a later password change reaches no listener of the old manager; it must not fail either
        directory.setPassword("alice", "battery staple");
        assertTrue(directory.verifyPassword("alice", "battery staple").isPresent());
    }
}
