package io.github.fpauth.user;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.session.SharedSessionStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.shared.StoreConfig;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.ThrottleComponent;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

/**
 * The auth_user manager as Declarative Services builds it (user directory, session store,
 * throttle, access tokens), over stores in a temporary directory, with default configuration,
 * for benchmarks without OSGi. Alice has a session and an access token.
 *
 * <p>{@link #shared} builds the same manager in the shared-store mode of a node: the session
 * store and the throttle are the shared ones, following a {@link SharedStore}, and the manager
 * asks the store tracker on each request whether the replicas may be trusted. Users are a replica
 * of the shared store too; access tokens stay in a file (no shared variant measures them).
 */
public final class BenchUsers {

    public static final String USER = "alice";
    public static final String PASSWORD = "Bench-passw0rd-alice";

    private final UserAuthManager manager;
    private final ThrottleComponent throttle;
    private final String sessionSecret;
    private final String tokenSecret;

    /** On files, as a single node keeps its records by default. */
    public BenchUsers() throws IOException {
        this(null);
    }

    /** On {@code store}, a shared store of kind {@code jdbc}, as one node of several. */
    public static BenchUsers shared(SharedStore store) throws IOException {
        return new BenchUsers(store);
    }

    private BenchUsers(SharedStore store) throws IOException {
        SharedStoreTracker storage = new SharedStoreTracker(store == null ? defaults(StoreConfig.class)
                : with(StoreConfig.class, Map.of("store", "jdbc")));
        if (store != null) {
            storage.bindStore(store, Map.of(SharedStore.KIND, "jdbc"));
        }
        Path dir = Files.createTempDirectory("fpauth-bench-users");
        dir.toFile().deleteOnExit();
        SecureRandom random = new SecureRandom();
        UserStore users;
        if (store == null) {
            users = UserStore.open(dir.resolve("users.txt"));
        } else {
            users = UserStore.shared(storage);
            storage.register(users);
            awaitAvailable(storage);
        }
        StoredUserDirectory directory = new StoredUserDirectory(users,
                new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS), PasswordPolicy.defaults());
        directory.addUser(USER, PASSWORD, List.of("user"));
        SessionStore sessions;
        if (store == null) {
            sessions = new PersistentSessionStore(dir.resolve("sessions.txt"), new SessionSecrets(random),
                    SessionTimeouts.defaults(), System::currentTimeMillis);
        } else {
            SharedSessionStore shared = new SharedSessionStore(storage, new SessionSecrets(random),
                    SessionTimeouts.defaults(), System::currentTimeMillis);
            storage.register(shared);
            sessions = shared;
        }
        UserConfig config = defaults(UserConfig.class);
        throttle = new ThrottleComponent(config, storage);
        awaitAvailable(storage);
        NewSession session = sessions.create(USER, false, "127.0.0.1", "bench");
        sessionSecret = session.secret();
        StoredAccessTokens tokens = new StoredAccessTokens(TokenStore.open(dir.resolve("tokens.txt")), directory,
                new TokenSecrets(random), () -> System.currentTimeMillis() / 1000, 10);
        tokenSecret = tokens.create(USER, "bench", 0).secret();
        manager = new UserAuthManager(directory, sessions, tokens, config);
        manager.throttle = throttle;
        manager.storage = storage;
    }

    private static void awaitAvailable(SharedStoreTracker storage) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!storage.isAvailable()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the shared store did not become available: " + storage.describe());
            }
            Thread.onSpinWait();
        }
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
        return with(type, Map.of());
    }

    /** A configuration annotation with {@code values} by attribute name, the defaults elsewhere. */
    public static <A> A with(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue())));
    }
}
