package io.github.fpauth.user.session;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;

/** Test fixture: a user directory with the user "alice", a session store and its authenticator, in a folder. */
public final class AliceSessions {

    public final StoredUserDirectory directory;
    public final PersistentSessionStore store;
    public final SessionAuthenticator authenticator;

    public AliceSessions(Path folder) {
        directory = new StoredUserDirectory(UserStore.open(folder.resolve("users.txt")), new Pbkdf2PasswordHasher(1000),
                PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of());
        store = new PersistentSessionStore(folder.resolve("sessions.txt"), new SessionSecrets(new SecureRandom()),
                SessionTimeouts.defaults(), System::currentTimeMillis);
        authenticator = new SessionAuthenticator(store, directory);
    }
}
