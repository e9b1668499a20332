package io.github.fpauth.user;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;

/**
 * The auth_user manager as Declarative Services builds it, over a user store in a temporary
 * directory, with default configuration, for benchmarks without OSGi.
 */
public final class BenchUsers {

    public static final String USER = "alice";
    public static final String PASSWORD = "Bench-passw0rd-alice";

    private final UserDirectory directory;
    private final UserAuthManager manager;

    public BenchUsers() throws IOException {
        Path dir = Files.createTempDirectory("fpauth-bench-users");
        dir.toFile().deleteOnExit();
        UserStore store = UserStore.open(dir.resolve("users.txt"));
        StoredUserDirectory stored = new StoredUserDirectory(store,
                new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS), PasswordPolicy.defaults());
        stored.addUser(USER, PASSWORD, List.of("user"));
        this.directory = stored;
        this.manager = new UserAuthManager(directory, defaults(UserConfig.class));
    }

    public UserAuthManager manager() {
        return manager;
    }

    public UserDirectory directory() {
        return directory;
    }

    /** A configuration annotation whose every attribute has its default, as DS gives without configuration. */
    static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
