package io.github.fpauth.user.reset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.store.User;

public class ResetLinksTest {

    private final SecureRandom random = new SecureRandom();
    private final DeploymentKey key = DeploymentKey.generate(random);
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final ResetLinks links = new ResetLinks(key, random, now::get, Duration.ofMinutes(30));
    private final Map<String, User> users = new HashMap<>();

    private User store(User user) {
        users.put(user.name(), user);
        return user;
    }

    private User alice() {
        return store(User.create("alice", "$hash-1", List.of()));
    }

    @Test
    public void aLinkResetsItsAccountOnAnyNodeWithTheKey() {
        String token = links.issue(alice());
        assertEquals("alice", links.verify(token, users::get).orElseThrow().name());
        ResetLinks otherNode = new ResetLinks(key, new SecureRandom(), now::get, Duration.ofMinutes(30));
        assertTrue(otherNode.verify(token, users::get).isPresent());
        assertFalse(new ResetLinks(DeploymentKey.generate(random), random, now::get, Duration.ofMinutes(30))
                .verify(token, users::get).isPresent());
    }

    @Test
    public void aTokenHasMoreThan128BitsAndEachIsNew() {
        String token = links.issue(alice());
        assertTrue(token, token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"));
        assertFalse(token.equals(links.issue(alice())));
    }

    @Test
    public void itExpiresAfterItsLifetime() {
        String token = links.issue(alice());
        now.addAndGet(Duration.ofMinutes(30).toMillis() - 1);
        assertTrue(links.verify(token, users::get).isPresent());
        now.incrementAndGet();
        assertFalse(links.verify(token, users::get).isPresent());
    }

    @Test
    public void aNewPasswordEndsEveryLinkSoALinkWorksOnce() {
        String first = links.issue(alice());
        String second = links.issue(users.get("alice"));
        store(users.get("alice").withPasswordHash("$hash-2")); // the reset (or any password change)
        assertFalse(links.verify(first, users::get).isPresent());
        assertFalse(links.verify(second, users::get).isPresent());
    }

    @Test
    public void aDisabledRemovedOrOtherAccountHasNoReset() {
        String token = links.issue(alice());
        store(User.create("bob", "$hash-1", List.of()));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                        java.nio.charset.StandardCharsets.UTF_8).replace("alice", "bob")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertFalse("another account, the same password hash", links.verify(forged, users::get).isPresent());
        store(users.get("alice").withEnabled(false));
        assertFalse(links.verify(token, users::get).isPresent());
        users.clear();
        assertFalse(links.verify(token, users::get).isPresent());
        for (String bad : new String[] {null, "", ".", "x.y", "x".repeat(2000)}) {
            assertFalse(String.valueOf(bad), links.verify(bad, users::get).isPresent());
        }
    }
}
