package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.AuthResult;
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

    @Test
    public void aLiveSessionCookieAuthenticatesItsUserWithCurrentRoles() {
        NewSession created = sessions.create("alice", false, "", "");
        directory.setRoles("alice", List.of("ops"));
        FakeHttp.Request request = new FakeHttp.Request().cookie(Cookies.SESSION, created.secret());

        AuthResult result = authenticator.authenticate(request.proxy());

        assertTrue(result.isAuthenticated());
        assertEquals("alice", result.user().getName());
        assertEquals(java.util.Set.of("ops"), result.scopes());
        assertEquals(created.session().publicId(),
                SessionAuthenticator.current(request.proxy()).orElseThrow().publicId());
    }

    @Test
    public void noOrUnknownCookiesAreNoCredentialsNotAFailure() {
        FakeHttp.Request none = new FakeHttp.Request();
        FakeHttp.Request unknown = new FakeHttp.Request().cookie(Cookies.SESSION, "x");

        assertSame(AuthResult.noCredentials(), authenticator.authenticate(none.proxy()));
        assertSame(AuthResult.noCredentials(), authenticator.authenticate(unknown.proxy()));
        assertFalse(SessionAuthenticator.current(unknown.proxy()).isPresent());
    }

    @Test
    public void aStaleCookieBeforeALiveOneDoesNotHideIt() {
        NewSession created = sessions.create("alice", false, "", "");
        FakeHttp.Request request = new FakeHttp.Request().cookie(Cookies.SESSION, "stale")
                .cookie(Cookies.SESSION, created.secret());

        assertTrue(authenticator.authenticate(request.proxy()).isAuthenticated());
    }

    @Test
    public void aDisabledUserIsAnonymousAtOnceEvenIfItsSessionLingers() {
        NewSession created = sessions.create("alice", false, "", "");
        // Not through the store listener here: the per-request check alone must hold.
        directory.setEnabled("alice", false);
        FakeHttp.Request request = new FakeHttp.Request().cookie(Cookies.SESSION, created.secret());

        assertFalse(authenticator.authenticate(request.proxy()).isAuthenticated());
        assertFalse(SessionAuthenticator.current(request.proxy()).isPresent());
    }

    @Test
    public void aRemovedUserIsAnonymousAtOnce() {
        NewSession created = sessions.create("alice", false, "", "");
        directory.removeUser("alice");

        assertFalse(authenticator.authenticate(new FakeHttp.Request().cookie(Cookies.SESSION, created.secret()).proxy())
                .isAuthenticated());
    }
}
