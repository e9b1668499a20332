package io.github.fpauth.user.command;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.FailureThrottle;
import io.github.fpauth.user.throttle.ThrottleSettings;
import io.github.fpauth.user.token.StoredAccessTokens;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.token.TokenStore;

public class ThrottleAndTokenCommandsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void lockoutsListsAndUnlockClears() {
        FailureThrottle throttle = new FailureThrottle(new ThrottleSettings(1, 1, 1, 900, 100, 100));
        ThrottleCommands commands = new ThrottleCommands(throttle);
        assertTrue(commands.lockouts(), commands.lockouts().contains("No lockouts."));
        assertTrue(commands.lockouts(), commands.lockouts().contains("after 1 failures per account"));

        throttle.recordFailure("admin", "192.0.2.9");
        String listed = commands.lockouts();
        assertTrue(listed, listed.contains("account") && listed.contains("admin") && listed.contains("192.0.2.9"));

        assertTrue(commands.unlock("admin").startsWith("Cleared"));
        assertTrue(commands.unlock("192.0.2.9").startsWith("Cleared"));
        assertTrue(commands.unlock("nobody").startsWith("Nothing"));
        assertTrue(commands.lockouts().contains("No lockouts."));
    }

    @Test
    public void tokenCommandsShowTheSecretOnceAndNeverList() {
        StoredUserDirectory directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath()
                .resolve("users.txt")), new Pbkdf2PasswordHasher(1000), PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of());
        StoredAccessTokens tokens = new StoredAccessTokens(TokenStore.open(temp.getRoot().toPath()
                .resolve("tokens.txt")), directory, new TokenSecrets(new SecureRandom()), () -> 1_700_000_000L, 10);
        TokenCommands commands = new TokenCommands(tokens);

        String added = commands.tokenadd("alice", "ci", 30);
        String secret = added.substring(added.indexOf(TokenSecrets.PREFIX)).strip();
        assertTrue(added, TokenSecrets.isWellFormed(secret));
        assertTrue(added, added.contains("expiring"));
        assertTrue(commands.tokenadd("alice", "forever").contains("no expiry"));
        String listed = commands.tokens("alice");
        assertTrue(listed, listed.contains("ci") && listed.contains("forever") && listed.contains("never"));
        assertFalse(listed.contains(secret));

        assertTrue(commands.tokenrevoke("alice", "ci").startsWith("Revoked"));
        assertThrows(IllegalArgumentException.class, () -> commands.tokenrevoke("alice", "ci"));
        assertTrue(commands.tokens("bob").contains("no access tokens"));
    }
}
