package io.github.fpauth.user;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

/** Stored hashes below the current policy are upgraded at the next successful login. */
public class StoredUserDirectoryRehashTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new Pbkdf2PasswordHasher(1000), PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of());
    }

    @Test
    public void aWeakerHashIsReplacedOnceAndStillMatches() {
        Pbkdf2PasswordHasher stronger = new Pbkdf2PasswordHasher(2000);
        directory.reconfigure(stronger, PasswordPolicy.defaults());
        User verified = directory.verifyPassword("alice", "alice-password").orElseThrow();

        assertTrue(directory.rehashIfNeeded(verified, "alice-password"));

        User upgraded = directory.find("alice");
        assertFalse(stronger.needsRehash(upgraded.passwordHash()));
        assertTrue(directory.verifyPassword("alice", "alice-password").isPresent());
        assertFalse("nothing left to upgrade", directory.rehashIfNeeded(upgraded, "alice-password"));
    }

    @Test
    public void aHashAtTheCurrentPolicyIsLeftAlone() {
        User verified = directory.verifyPassword("alice", "alice-password").orElseThrow();
        String before = verified.passwordHash();

        assertFalse(directory.rehashIfNeeded(verified, "alice-password"));
        assertTrue(before.equals(directory.find("alice").passwordHash()));
    }

    @Test
    public void aPasswordChangedMeanwhileIsNotOverwritten() {
        directory.reconfigure(new Pbkdf2PasswordHasher(2000), PasswordPolicy.defaults());
        User verified = directory.verifyPassword("alice", "alice-password").orElseThrow();
        directory.setPassword("alice", "newer-password");

        assertFalse(directory.rehashIfNeeded(verified, "alice-password"));
        assertTrue(directory.verifyPassword("alice", "newer-password").isPresent());
        assertFalse(directory.verifyPassword("alice", "alice-password").isPresent());
    }
}
