package io.github.fpauth.user.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.store.UserStore;

/** An operator's password reset from the shell ends the user's sessions. */
public class UserCommandsSessionsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void passwdEndsTheUsersSessionsOnly() {
        StoredUserDirectory directory = new StoredUserDirectory(
                UserStore.open(temp.getRoot().toPath().resolve("users.txt")), new Pbkdf2PasswordHasher(1000),
                PasswordPolicy.defaults());
        PersistentSessionStore sessions = new PersistentSessionStore(temp.getRoot().toPath().resolve("sessions.txt"),
                new SessionSecrets(new SecureRandom()), SessionTimeouts.defaults(), System::currentTimeMillis);
        UserCommands commands = new UserCommands(directory);
        commands.sessions = sessions;
        directory.addUser("alice", "correct horse", List.of());
        NewSession alice1 = sessions.create("alice", false, "", "");
        sessions.create("alice", true, "", "");
        NewSession bob = sessions.create("bob", false, "", "");

        assertEquals("Changed the password of user 'alice'. Ended 2 session(s).",
                commands.passwd("alice", "battery staple"));

        assertFalse(sessions.resolve(alice1.secret()).isPresent());
        assertTrue(sessions.resolve(bob.secret()).isPresent());
        assertEquals("Changed the password of user 'alice'.", commands.passwd("alice", "battery staple 2"));
    }
}
