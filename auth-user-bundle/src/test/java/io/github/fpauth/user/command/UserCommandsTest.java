package io.github.fpauth.user.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.SecureRandom;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.token.DisabledAccessTokens;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;
import io.github.fpauth.user.token.TokensDisabledException;

public class UserCommandsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;
    private UserCommands commands;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new Pbkdf2PasswordHasher(1000), PasswordPolicy.defaults());
        commands = new UserCommands(directory);
        StoredAccessTokens tokens = new StoredAccessTokens(TokenStore.open(temp.getRoot().toPath()
                .resolve("tokens.txt")), directory, new TokenSecrets(new SecureRandom()), () -> 1_700_000_000L, 10);
        directory.addListener(tokens); // as the token component wires it: a deleted user's tokens go too
        commands.tokens = tokens;
    }

    @Test
    public void aUserIsNotDeletedWhileItsTokensCouldNotGoWithIt() {
        commands.useradd("alice", "correct horse");
        commands.tokens = new DisabledAccessTokens();
        assertThrows(TokensDisabledException.class, () -> commands.userdel("alice"));
        commands.tokens = null;
        assertThrows(TokensDisabledException.class, () -> commands.userdel("alice"));
        assertNotNull(directory.find("alice"));
    }

    private static String refusal(Runnable command) {
        try {
            command.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted");
        return null;
    }

    @Test
    public void listsUsers() {
        assertEquals("No users.", commands.users());
        commands.useradd("alice", "correct horse", "fp_admin", "ops");
        commands.useradd("bob", "battery staple");
        directory.setEnabled("bob", false);
        directory.setDisplayName("bob", "Bob B.");
        directory.changeSecondFactor("bob", none -> "sealed1:secret-looking");
        String[] lines = commands.users().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0], lines[0].matches("NAME +DISPLAY NAME +ROLES +ENABLED +TWO-FACTOR"));
        assertTrue(lines[1], lines[1].matches("alice +alice +fp_admin,ops +yes +off"));
        assertTrue(lines[2], lines[2].matches("bob +Bob B\\. +no +on"));
        assertFalse(commands.users().contains("$pbkdf2"));
        assertFalse(commands.users().contains("sealed1"));
    }

    @Test
    public void totpresetRemovesTheSecondFactorAndSaysWhenThereWasNone() {
        commands.useradd("alice", "correct horse");
        directory.changeSecondFactor("alice", none -> "sealed1:x");
        assertTrue(commands.totpreset("alice").startsWith("Reset the two-factor sign-in of user 'alice'"));
        assertFalse(directory.find("alice").hasSecondFactor());
        assertEquals("User 'alice' has no two-factor sign-in.", commands.totpreset("alice"));
        assertTrue(refusal(() -> commands.totpreset("nobody")).contains("no user"));
    }

    @Test
    public void addsUsersWithRoles() {
        assertEquals("Added user 'alice' with roles fp_admin,ops.", commands.useradd("alice", "correct horse", "ops", "fp_admin"));
        assertEquals("Added user 'bob' without roles.", commands.useradd("bob", "correct horse"));
        assertTrue(directory.verifyPassword("alice", "correct horse").isPresent());
        assertEquals(Set.of("fp_admin", "ops"), directory.find("alice").roles());
    }

    @Test
    public void changesPasswordsAndRolesAndRemovesUsers() {
        commands.useradd("alice", "correct horse");
        assertEquals("Changed the password of user 'alice'.", commands.passwd("alice", "battery staple"));
        assertTrue(directory.verifyPassword("alice", "battery staple").isPresent());
        assertEquals("User 'alice' has no roles.", commands.roles("alice"));
        assertEquals("User 'alice' now has roles fp_admin,ops.", commands.roles("alice", "ops", "fp_admin"));
        assertEquals("User 'alice' has roles fp_admin,ops.", commands.roles("alice"));
        assertEquals("Removed user 'alice'.", commands.userdel("alice"));
        assertNull(directory.find("alice"));
    }

    @Test
    public void refusesBadInputWithClearMessages() {
        commands.useradd("alice", "correct horse");
        assertEquals("user 'alice' already exists", refusal(() -> commands.useradd("alice", "correct horse")));
        assertEquals("the password must be at least 8 characters long", refusal(() -> commands.useradd("bob", "short")));
        assertTrue(refusal(() -> commands.useradd("b:ob", "correct horse")).startsWith("a user name must not contain"));
        assertTrue(refusal(() -> commands.useradd("bob", "correct horse", "bad,role")).startsWith("a role must not"));
        assertEquals("no user 'bob'", refusal(() -> commands.userdel("bob")));
        assertEquals("no user 'bob'", refusal(() -> commands.passwd("bob", "correct horse")));
        assertEquals("no user 'bob'", refusal(() -> commands.roles("bob")));
        assertEquals("no user 'bob'", refusal(() -> commands.roles("bob", "ops")));
        assertNull(directory.find("bob"));
    }
}
