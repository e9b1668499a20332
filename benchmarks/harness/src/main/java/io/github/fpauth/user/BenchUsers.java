package io.github.fpauth.user;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.FailureThrottle;
import io.github.fpauth.user.throttle.ThrottleSettings;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

/**
 * The auth_user manager as Declarative Services builds it (user directory, session store,
 * throttle, access tokens), over stores in a temporary directory, with default configuration,
 * for benchmarks without OSGi. Alice has a session and an access token.
 */
public final class BenchUsers {

    public static final String USER = "alice";
    public static final String PASSWORD = "Bench-passw0rd-alice";

    private final UserAuthManager manager;
    private final FailureThrottle throttle;
    private final String sessionSecret;
    private final String tokenSecret;

    public BenchUsers() throws IOException {
        Path dir = Files.createTempDirectory("fpauth-bench-users");
        dir.toFile().deleteOnExit();
        SecureRandom random = new SecureRandom();
        StoredUserDirectory directory = new StoredUserDirectory(UserStore.open(dir.resolve("users.txt")),
                new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS), PasswordPolicy.defaults());
        directory.addUser(USER, PASSWORD, List.of("user"));
        PersistentSessionStore sessions = new PersistentSessionStore(dir.resolve("sessions.txt"),
                new SessionSecrets(random), SessionTimeouts.defaults(), System::currentTimeMillis);
        NewSession session = sessions.create(USER, false, "127.0.0.1", "bench");
        sessionSecret = session.secret();
        StoredAccessTokens tokens = new StoredAccessTokens(TokenStore.open(dir.resolve("tokens.txt")), directory,
                new TokenSecrets(random), () -> System.currentTimeMillis() / 1000, 10);
        tokenSecret = tokens.create(USER, "bench", 0).secret();
        manager = new UserAuthManager(directory, sessions, tokens, defaults(UserConfig.class));
        throttle = new FailureThrottle(ThrottleSettings.defaults());
        manager.throttle = throttle;
    }

    public UserAuthManager manager() {
        return manager;
    }

    /** One wrong password for alice, as a typo leaves behind: her account now has a failure record. */
    public void recordTypo() {
        throttle.recordFailure(USER, "127.0.0.1");
    }

    /** The value of alice's session cookie. */
    public String sessionSecret() {
        return sessionSecret;
    }

    /** Alice's access token secret. */
    public String tokenSecret() {
        return tokenSecret;
    }

    /** A configuration annotation whose every attribute has its default, as DS gives without configuration. */
    static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
