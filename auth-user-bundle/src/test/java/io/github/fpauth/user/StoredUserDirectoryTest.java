package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

public class StoredUserDirectoryTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountingHasher hasher = new CountingHasher();
    private StoredUserDirectory directory;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")), hasher,
                PasswordPolicy.defaults());
    }

    private String refusal(Runnable change) {
        try {
            change.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted");
        return null;
    }

    @Test
    public void addsAndVerifies() {
        User alice = directory.addUser("alice", "correct horse", List.of("ops", "fp_admin"));
        assertEquals(Set.of("fp_admin", "ops"), alice.roles());
        assertEquals("alice", alice.displayName());
        assertTrue(alice.isEnabled());
        assertTrue(directory.verifyPassword("alice", "correct horse").isPresent());
        assertFalse(directory.verifyPassword("alice", "wrong horse").isPresent());
        assertEquals(List.of("alice"), directory.users().stream().map(User::name).toList());
    }

    @Test
    public void everyVerificationCostsExactlyOneHash() {
        directory.addUser("alice", "correct horse", List.of());
        directory.addUser("bob", "correct horse", List.of());
        directory.setEnabled("bob", false);
        int before = hasher.count();
        assertTrue(directory.verifyPassword("alice", "correct horse").isPresent());
        assertFalse(directory.verifyPassword("alice", "wrong").isPresent());
        assertFalse(directory.verifyPassword("nobody", "correct horse").isPresent()); // the dummy hash
        assertFalse(directory.verifyPassword("bob", "correct horse").isPresent()); // disabled
        assertEquals(4, hasher.count() - before);
    }

    @Test
    public void refusesBadInputBeforeHashing() {
        directory.addUser("alice", "correct horse", List.of());
        int before = hasher.count();
        assertTrue(refusal(() -> directory.addUser("alice", "correct horse", List.of())).contains("already exists"));
        assertTrue(refusal(() -> directory.addUser("bob", "short", List.of())).contains("at least 8"));
        assertTrue(refusal(() -> directory.addUser("b ob", "correct horse", List.of())).contains("user name"));
        assertTrue(refusal(() -> directory.addUser("bob", "correct horse", List.of("a role"))).contains("role"));
        assertTrue(refusal(() -> directory.setPassword("nobody", "correct horse")).contains("no user 'nobody'"));
        assertTrue(refusal(() -> directory.setPassword("alice", "x".repeat(1025))).contains("at most 1024"));
        assertEquals(before, hasher.count());
        assertTrue(refusal(() -> directory.removeUser("nobody")).contains("no user 'nobody'"));
        assertTrue(refusal(() -> directory.setRoles("nobody", List.of())).contains("no user"));
        assertTrue(refusal(() -> directory.setEnabled("nobody", true)).contains("no user"));
        assertTrue(refusal(() -> directory.setDisplayName("alice", "a\nb")).contains("display name"));
    }

    @Test
    public void changesPasswordsRolesAndState() {
        directory.addUser("alice", "correct horse", List.of());
        directory.setPassword("alice", "battery staple");
        assertFalse(directory.verifyPassword("alice", "correct horse").isPresent());
        assertTrue(directory.verifyPassword("alice", "battery staple").isPresent());
        assertEquals(Set.of("fp_admin"), directory.setRoles("alice", List.of("fp_admin")).roles());
        assertEquals("Alice", directory.setDisplayName("alice", "Alice").displayName());
        directory.setEnabled("alice", false);
        assertFalse(directory.verifyPassword("alice", "battery staple").isPresent());
        directory.setEnabled("alice", true);
        assertTrue(directory.verifyPassword("alice", "battery staple").isPresent());
        directory.removeUser("alice");
        assertEquals(null, directory.find("alice"));
    }

    @Test
    public void reconfigurationAppliesToNewPasswordsAndKeepsOldOnesValid() {
        directory.addUser("alice", "correct horse", List.of());
        directory.reconfigure(new Pbkdf2PasswordHasher(1500), new PasswordPolicy(12, 100));
        assertTrue(directory.verifyPassword("alice", "correct horse").isPresent());
        assertTrue(refusal(() -> directory.addUser("bob", "correct ho", List.of())).contains("at least 12"));
        directory.setPassword("alice", "a much longer password");
        assertTrue(directory.find("alice").passwordHash().startsWith("$pbkdf2-sha256$i=1500$"));
    }
}
