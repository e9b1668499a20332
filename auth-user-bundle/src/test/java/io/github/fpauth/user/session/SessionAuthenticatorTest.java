package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;

public class SessionAuthenticatorTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;
    private PersistentSessionStore sessions;
    private SessionAuthenticator authenticator;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new Pbkdf2PasswordHasher(1000), PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of("fp_admin"));
        sessions = new PersistentSessionStore(temp.getRoot().toPath().resolve("sessions.txt"),
                new SessionSecrets(new SecureRandom()), SessionTimeouts.defaults(), System::currentTimeMillis);
        authenticator = new SessionAuthenticator(sessions, directory);
    }

    /** A request with these session cookies, as the core hands it to a page once auth_user saw it. */
    private static FakeHttp.Request seenByAuthUser(String... cookies) {
        FakeHttp.Request request = new FakeHttp.Request();
        request.attributes.put(CurrentUser.MANAGER_ATTRIBUTE, UserAuthManager.NAME);
        for (String cookie : cookies) {
            request.cookie(Cookies.SESSION, cookie);
        }
        return request;
    }

    @Test
    public void aLiveSessionCookieAuthenticatesItsUserWithCurrentRoles() {
        NewSession created = sessions.create("alice", false, "", "");
        directory.setRoles("alice", List.of("ops"));
        FakeHttp.Request request = seenByAuthUser(created.secret());

        AuthResult result = authenticator.authenticate(request.proxy());

        assertTrue(result.isAuthenticated());
        assertEquals("alice", result.user().getName());
        assertEquals(java.util.Set.of("ops"), result.scopes());
        assertEquals(created.session().publicId(), authenticator.current(request.proxy()).orElseThrow().publicId());
    }

    @Test
    public void authenticatingWritesNothingToTheRequest() {
        NewSession created = sessions.create("alice", false, "", "");
        List<String> writes = new ArrayList<>();
        HttpServletRequest request = recordingWrites(seenByAuthUser("stale", created.secret()).proxy(), writes);

        assertTrue(authenticator.authenticate(request).isAuthenticated());
        assertSame(AuthResult.noCredentials(),
                authenticator.authenticate(recordingWrites(seenByAuthUser("stale").proxy(), writes)));

        assertEquals(List.of(), writes);
    }

    /** {@code request}, noting every attribute written or removed through it in {@code writes}. */
    private static HttpServletRequest recordingWrites(HttpServletRequest request, List<String> writes) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setAttribute") || method.getName().equals("removeAttribute")) {
                        writes.add(method.getName() + " " + args[0]);
                    }
                    try {
                        return method.invoke(request, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    public void thePagesFindTheSessionAgainAndEveryCallOnARequestAgrees() {
        NewSession created = sessions.create("alice", false, "", "");
        HttpServletRequest request = seenByAuthUser("stale", created.secret()).proxy();
        Session current = authenticator.current(request).orElseThrow();

        assertEquals(created.session().publicId(), current.publicId());
        sessions.revoke("alice", current.publicId());
        assertSame("the page's own revocation does not change its answer", current,
                authenticator.current(request).orElseThrow());
        assertFalse("a new request has no session", authenticator.current(seenByAuthUser(created.secret()).proxy())
                .isPresent());
    }

    @Test
    public void aRequestWithAnAuthorizationHeaderHasNoCurrentSession() {
        NewSession created = sessions.create("alice", false, "", "");
        // The manager reads the header instead of the cookie: the cookie authenticated nothing.
        FakeHttp.Request basic = seenByAuthUser(created.secret()).header("Authorization", "Basic eDp5");
        FakeHttp.Request bearer = seenByAuthUser(created.secret()).header("Authorization", "Bearer fpat_x");

        assertFalse(authenticator.current(basic.proxy()).isPresent());
        assertFalse(authenticator.current(bearer.proxy()).isPresent());
    }

    @Test
    public void aRequestAnotherManagerOrNoneSawHasNoCurrentSession() {
        NewSession created = sessions.create("alice", false, "", "");
        FakeHttp.Request other = new FakeHttp.Request().cookie(Cookies.SESSION, created.secret());
        other.attributes.put(CurrentUser.MANAGER_ATTRIBUTE, "auth_other");
        FakeHttp.Request authenticationOff = new FakeHttp.Request().cookie(Cookies.SESSION, created.secret());

        assertFalse(authenticator.current(other.proxy()).isPresent());
        assertFalse(authenticator.current(authenticationOff.proxy()).isPresent());
    }

    @Test
    public void noOrUnknownCookiesAreNoCredentialsNotAFailure() {
        FakeHttp.Request none = new FakeHttp.Request();
        FakeHttp.Request unknown = seenByAuthUser("x");
        FakeHttp.Request revoked = seenByAuthUser(sessions.create("alice", false, "", "").secret());
        sessions.revokeAll("alice");

        assertSame(AuthResult.noCredentials(), authenticator.authenticate(none.proxy()));
        assertSame(AuthResult.noCredentials(), authenticator.authenticate(unknown.proxy()));
        assertFalse(authenticator.current(none.proxy()).isPresent());
        assertFalse(authenticator.current(unknown.proxy()).isPresent());
        assertFalse(authenticator.current(revoked.proxy()).isPresent());
    }

    @Test
    public void anExpiredSessionAuthenticatesNothingAndIsNoCurrentSession() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
        PersistentSessionStore store = new PersistentSessionStore(temp.getRoot().toPath().resolve("expiring.txt"),
                new SessionSecrets(new SecureRandom()), SessionTimeouts.defaults(), clock::get);
        SessionAuthenticator expiring = new SessionAuthenticator(store, directory);
        NewSession created = store.create("alice", false, "", "");
        assertTrue(expiring.current(seenByAuthUser(created.secret()).proxy()).isPresent());
        clock.addAndGet(SessionTimeouts.DEFAULT_IDLE.toMillis());

        assertSame(AuthResult.noCredentials(), expiring.authenticate(seenByAuthUser(created.secret()).proxy()));
        assertFalse(expiring.current(seenByAuthUser(created.secret()).proxy()).isPresent());
    }

    @Test
    public void aStaleCookieBeforeALiveOneDoesNotHideIt() {
        NewSession created = sessions.create("alice", false, "", "");
        FakeHttp.Request request = seenByAuthUser("stale", created.secret());

        assertTrue(authenticator.authenticate(request.proxy()).isAuthenticated());
        assertEquals(created.session().publicId(), authenticator.current(request.proxy()).orElseThrow().publicId());
    }

    @Test
    public void aDisabledUserIsAnonymousAtOnceEvenIfItsSessionLingers() {
        NewSession created = sessions.create("alice", false, "", "");
        // Not through the store listener here: the per-request check alone must hold.
        directory.setEnabled("alice", false);
        FakeHttp.Request request = seenByAuthUser(created.secret());

        assertFalse(authenticator.authenticate(request.proxy()).isAuthenticated());
        assertFalse(authenticator.current(request.proxy()).isPresent());
    }

    @Test
    public void aRemovedUserIsAnonymousAtOnce() {
        NewSession created = sessions.create("alice", false, "", "");
        directory.removeUser("alice");

        assertFalse(authenticator.authenticate(seenByAuthUser(created.secret()).proxy()).isAuthenticated());
        assertFalse(authenticator.current(seenByAuthUser(created.secret()).proxy()).isPresent());
    }
}
