package io.github.fpauth.user.token;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.store.UserStoreException;

public class StoredAccessTokensTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final AtomicLong now = new AtomicLong(1_700_000_000L);
    private StoredUserDirectory directory;
    private Path tokenFile;
    private StoredAccessTokens tokens;

    /** Plain-text "hashes": these tests are about tokens, not passwords. */
    private static final PasswordHasher PLAIN = new PasswordHasher() {
        @Override
        public String hash(String password) {
            return "plain:" + password;
        }

        @Override
        public boolean verify(String password, String hash) {
            return hash.equals("plain:" + password);
        }

        @Override
        public boolean needsRehash(String stored) {
            return false;
        }

        @Override
        public String dummyHash() {
            return "plain:\u0000";
        }
    };

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")), PLAIN,
                PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of("ops"));
        directory.addUser("bob", "bob-password", List.of());
        tokenFile = temp.getRoot().toPath().resolve("tokens.txt");
        tokens = open();
    }

    private StoredAccessTokens open() {
        StoredAccessTokens opened = new StoredAccessTokens(TokenStore.open(tokenFile), directory,
                new TokenSecrets(new SecureRandom()), now::get, 3);
        directory.addListener(opened);
        return opened;
    }

    @Test
    public void aCreatedTokenAuthenticatesItsOwnerAndIsStoredOnlyAsAHash() throws Exception {
        AccessTokens.CreatedToken created = tokens.create("alice", "ci", 0);

        assertEquals("alice", tokens.authenticate(created.secret(), null).name());
        assertEquals("alice", tokens.authenticate(created.secret(), "alice").name());
        assertNull("another claimed owner", tokens.authenticate(created.secret(), "bob"));
        String file = Files.readString(tokenFile, StandardCharsets.UTF_8);
        assertFalse("never the secret on disk", file.contains(created.secret()));
        assertTrue(file.contains(TokenSecrets.hash(created.secret())));
        assertFalse(created.toString().contains(created.secret()));
    }

    @Test
    public void tokensExpire() {
        AccessTokens.CreatedToken created = tokens.create("alice", "short", 1);
        now.addAndGet(86_399);
        assertNotNull(tokens.authenticate(created.secret(), null));
        now.addAndGet(1);
        assertNull(tokens.authenticate(created.secret(), null));
    }

    @Test
    public void revokedDisabledAndRemovedOwnersAreRefused() {
        String a = tokens.create("alice", "a", 0).secret();
        String b = tokens.create("bob", "b", 0).secret();

        assertTrue(tokens.revoke("alice", "a"));
        assertFalse(tokens.revoke("alice", "a"));
        assertNull(tokens.authenticate(a, null));

        directory.setEnabled("bob", false);
        assertNull("disabled owner", tokens.authenticate(b, null));
        directory.setEnabled("bob", true);
        assertNotNull(tokens.authenticate(b, null));
        directory.removeUser("bob");
        assertNull(tokens.authenticate(b, null));
        assertTrue("removed with the user", tokens.tokensOf("bob").isEmpty());
    }

    @Test
    public void namesAreUniquePerOwnerAndCountsBounded() {
        tokens.create("alice", "one", 0);
        tokens.create("bob", "one", 0);
        assertThrows(IllegalArgumentException.class, () -> tokens.create("alice", "one", 0));
        tokens.create("alice", "two", 0);
        tokens.create("alice", "three", 0);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> tokens.create("alice", "four", 0));
        assertTrue(tooMany.getMessage(), tooMany.getMessage().contains("3 tokens"));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("nobody", "x", 0));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("bob", "bad\tname", 0));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("bob", " lead", 0));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("bob", "x", -1));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("bob", "x", AccessTokens.MAX_DAYS + 1));
    }

    @Test
    public void tokensAndTheirLastUseSurviveAReopenAfterAFlush() {
        AccessTokens.CreatedToken created = tokens.create("alice", "ci", 30);
        now.addAndGet(100);
        tokens.authenticate(created.secret(), null);
        tokens.store().flush();

        StoredAccessTokens reopened = new StoredAccessTokens(TokenStore.open(tokenFile), directory,
                new TokenSecrets(new SecureRandom()), now::get, 3);
        AccessToken token = reopened.tokensOf("alice").get(0);
        assertEquals("ci", token.name());
        assertEquals(now.get(), token.lastUsedAt().getEpochSecond());
        assertEquals(created.token().expiresAt(), token.expiresAt());
        assertNotNull(reopened.authenticate(created.secret(), "alice"));
    }

    @Test
    public void aCorruptStoreIsAnErrorNeverAnEmptyStore() throws Exception {
        tokens.create("alice", "ci", 0);
        String content = Files.readString(tokenFile, StandardCharsets.UTF_8);
        Files.writeString(tokenFile, content.substring(0, content.length() - 8), StandardCharsets.UTF_8);
        assertThrows(UserStoreException.class, () -> TokenStore.open(tokenFile));
        Files.writeString(tokenFile, content.replace("token\t", "tokn\t"), StandardCharsets.UTF_8);
        assertThrows(UserStoreException.class, () -> TokenStore.open(tokenFile));
    }

    @Test
    public void malformedSecretsAreRefusedUnhashed() {
        assertNull(tokens.authenticate("fpat_short", null));
        assertNull(tokens.authenticate(null, null));
        assertNull(tokens.authenticate("fpat_" + "A".repeat(43), null));
    }
}
