package io.github.fpauth.user.token;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;

/** {@link TokenComponent} as SCR drives it, over a data area in a temporary folder. */
public class TokenComponentTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;
    private Path tokenFile;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new Pbkdf2PasswordHasher(1000), PasswordPolicy.defaults());
        directory.addUser("alice", "alice-password", List.of());
        directory.addUser("bob", "bob-password", List.of());
        tokenFile = temp.getRoot().toPath().resolve(TokenComponent.STORE_FILE);
    }

    private BundleContext context() {
        return Fakes.context(temp.getRoot(), null, name -> null);
    }

    @Test
    public void aReadableStoreIsAvailableAndKeepsItsTokensAcrossARestart() {
        TokenComponent component = new TokenComponent(directory, Fakes.fileStorage(), context(), Fakes.config());
        assertTrue(component.isAvailable());
        String secret = component.create("alice", "ci", 0).secret();
        assertEquals("alice", component.authenticate(secret, null).name());
        component.deactivate();

        TokenComponent restarted = new TokenComponent(directory, Fakes.fileStorage(), context(), Fakes.config());
        assertEquals("alice", restarted.authenticate(secret, "alice").name());
        assertEquals(1, restarted.tokensOf("alice").size());
        restarted.deactivate();
    }

    /**
     * An unreadable store still gives the service (the manager requires it), disabled: every token refused,
     * every change refused with a clear message, and the file never replaced nor written.
     */
    @Test
    public void anUnreadableStoreDisablesTokensAndIsNeverWritten() throws Exception {
        TokenComponent before = new TokenComponent(directory, Fakes.fileStorage(), context(), Fakes.config());
        String secret = before.create("alice", "ci", 0).secret();
        before.deactivate();
        byte[] corrupt = Files.readString(tokenFile, StandardCharsets.UTF_8).replace("token\t", "tokn\t")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(tokenFile, corrupt);
        long modified = Files.getLastModifiedTime(tokenFile).toMillis();

        TokenComponent component = new TokenComponent(directory, Fakes.fileStorage(), context(), Fakes.config());

        assertFalse(component.isAvailable());
        assertNull("a valid token is refused", component.authenticate(secret, null));
        assertNull(component.authenticate(secret, "alice"));
        TokensDisabledException refused = assertThrows(TokensDisabledException.class,
                () -> component.create("bob", "new", 0));
        assertTrue(refused.getMessage(), refused.getMessage().contains("access tokens are disabled"));
        assertThrows(TokensDisabledException.class, () -> component.tokensOf("alice"));
        assertThrows(TokensDisabledException.class, () -> component.revoke("alice", "ci"));
        assertThrows(TokensDisabledException.class, () -> component.revokeAll("alice"));
        component.modified(Fakes.config(Map.of("tokenFlushSeconds", 1, "maxTokensPerUser", 2)));
        directory.removeUser("bob");
        component.flush();
        component.deactivate();

        assertArrayEquals("the unreadable store is left as it was", corrupt, Files.readAllBytes(tokenFile));
        assertEquals(modified, Files.getLastModifiedTime(tokenFile).toMillis());
        try (var files = Files.list(temp.getRoot().toPath())) {
            assertEquals("no replacement or temporary file", List.of("tokens.txt", "users.txt"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    public void disabledTokensRefuseEveryTokenAndEveryChange() {
        AccessTokens disabled = new DisabledAccessTokens();
        assertFalse(disabled.isAvailable());
        assertNull(disabled.authenticate("fpat_" + "A".repeat(43), null));
        assertThrows(TokensDisabledException.class, () -> disabled.create("alice", "ci", 0));
    }
}
