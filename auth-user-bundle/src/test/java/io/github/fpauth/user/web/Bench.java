package io.github.fpauth.user.web;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.user.CountingHasher;
import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.DeploymentKeys;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.reset.ForgottenPasswords;
import io.github.fpauth.user.reset.PasswordResetConfig;
import io.github.fpauth.user.reset.PasswordResets;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.totp.SecondFactors;

/** What the page servlets run on, over a temporary folder: users, sessions, CSRF, a throttle. */
final class Bench {

    static final String PASSWORD = "alice-password";

    final CountingHasher hasher = new CountingHasher();
    final StoredUserDirectory directory;
    final PersistentSessionStore sessions;
    final SessionAuthenticator authenticator;
    final Cookies cookies = new Cookies(false);
    final CsrfTokens csrf;
    final RecordingThrottle throttle = new RecordingThrottle();
    final SecondFactors secondFactors;
    final PasswordResets resets;
    final ForgottenPasswords forgotten;

    Bench(Path folder) {
        directory = new StoredUserDirectory(UserStore.open(folder.resolve("users.txt")), hasher,
                PasswordPolicy.defaults());
        directory.addUser("alice", PASSWORD, List.of("user"));
        sessions = new PersistentSessionStore(folder.resolve("sessions.txt"), new SessionSecrets(new SecureRandom()),
                SessionTimeouts.defaults(), System::currentTimeMillis);
        authenticator = new SessionAuthenticator(sessions, directory);
        csrf = new CsrfTokens(new SecureRandom(), cookies, authenticator);
        DeploymentKeys keys = DeploymentKeys.of(DeploymentKey.generate(new SecureRandom()));
        secondFactors = new SecondFactors(directory, keys, Fakes.secondFactorConfig(Map.of()));
        PasswordResetConfig resetConfig = Fakes.configOf(PasswordResetConfig.class, Map.of());
        resets = new PasswordResets(directory, keys, sessions, throttle, resetConfig);
        forgotten = new ForgottenPasswords(directory, resets, resetConfig);
    }

    /** A POST as the core hands it over when {@code session} authenticated it. */
    FakeHttp.Request postWithSession(String path, NewSession session) {
        FakeHttp.Request request = new FakeHttp.Request();
        request.method = "POST";
        request.uri = path;
        request.cookie(Cookies.SESSION, session.secret());
        request.attributes.put(CurrentUser.MANAGER_ATTRIBUTE, UserAuthManager.NAME);
        request.attributes.put(CurrentUser.RESULT_ATTRIBUTE,
                AuthResult.authenticated(directory.find(session.session().user()).authUser()));
        return request;
    }

    /** An anonymous POST carrying a valid double-submit CSRF pair. */
    FakeHttp.Request anonymousPostWithCsrf(String path) {
        FakeHttp.Response form = new FakeHttp.Response();
        String token = csrf.token(new FakeHttp.Request().proxy(), form.proxy());
        String setCookie = form.header("Set-Cookie");
        String nonce = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        FakeHttp.Request request = new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonce).param(CsrfTokens.FIELD, token);
        request.method = "POST";
        request.uri = path;
        return request;
    }
}
