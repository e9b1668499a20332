package io.github.fpauth.user.totp;

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
import io.github.fpauth.user.totp.PendingSignIns.Pending;
import io.github.fpauth.user.totp.PendingSignIns.Step;

public class PendingSignInsTest {

    private final SecureRandom random = new SecureRandom();
    private final DeploymentKey key = DeploymentKey.generate(random);
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final PendingSignIns pending = new PendingSignIns(key, random, now::get, Duration.ofMinutes(5));
    private final Map<String, User> users = new HashMap<>();

    private User store(User user) {
        users.put(user.name(), user);
        return user;
    }

    private User alice() {
        return store(User.create("alice", "alice", List.of(), true, "$hash-1", "sealed1:one"));
    }

    @Test
    public void aTokenStandsForItsAccountStepAndRememberMe() {
        String token = pending.issue(alice(), Step.CODE, true);
        Pending verified = pending.verify(token, users::get).orElseThrow();
        assertEquals("alice", verified.user().name());
        assertEquals(Step.CODE, verified.step());
        assertTrue(verified.rememberMe());
        assertFalse(pending.verify(pending.issue(alice(), Step.ENROL, false), users::get).orElseThrow().rememberMe());
    }

    @Test
    public void anotherNodeWithTheSameKeyAcceptsIt() {
        String token = pending.issue(alice(), Step.CODE, false);
        PendingSignIns otherNode = new PendingSignIns(key, new SecureRandom(), now::get, Duration.ofMinutes(5));
        assertTrue(otherNode.verify(token, users::get).isPresent());
        PendingSignIns otherKey = new PendingSignIns(DeploymentKey.generate(random), random, now::get,
                Duration.ofMinutes(5));
        assertFalse(otherKey.verify(token, users::get).isPresent());
    }

    @Test
    public void itExpires() {
        String token = pending.issue(alice(), Step.CODE, false);
        now.addAndGet(Duration.ofMinutes(5).toMillis() - 1);
        assertTrue(pending.verify(token, users::get).isPresent());
        now.incrementAndGet();
        assertFalse(pending.verify(token, users::get).isPresent());
    }

    @Test
    public void itEndsWhenThePasswordOrTheFactorChangesOrACodeIsUsed() {
        String token = pending.issue(alice(), Step.CODE, false);
        store(users.get("alice").withPasswordHash("$hash-2"));
        assertFalse("password changed", pending.verify(token, users::get).isPresent());

        token = pending.issue(alice(), Step.CODE, false);
        store(users.get("alice").withSecondFactor("sealed1:two")); // a code was used: the stored state changed
        assertFalse("code used", pending.verify(token, users::get).isPresent());

        String enrol = pending.issue(store(users.get("alice").withSecondFactor(null)), Step.ENROL, false);
        store(users.get("alice").withSecondFactor("sealed1:three"));
        assertFalse("enrolled meanwhile", pending.verify(enrol, users::get).isPresent());
    }

    @Test
    public void aDisabledOrRemovedAccountHasNoPendingSignIn() {
        String token = pending.issue(alice(), Step.CODE, false);
        store(users.get("alice").withEnabled(false));
        assertFalse(pending.verify(token, users::get).isPresent());
        users.clear();
        assertFalse(pending.verify(token, users::get).isPresent());
    }

    @Test
    public void alteredOrForgedTokensAreRefused() {
        String token = pending.issue(alice(), Step.ENROL, false);
        int dot = token.indexOf('.');
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
                java.nio.charset.StandardCharsets.UTF_8);
        String asCode = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("ENROL", "CODE").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse("step changed", pending.verify(asCode + token.substring(dot), users::get).isPresent());
        store(User.create("bob", "bob", List.of(), true, "$hash-1", "sealed1:one"));
        String asBob = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("alice", "bob").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse("account changed", pending.verify(asBob + token.substring(dot), users::get).isPresent());
        for (String bad : new String[] {null, "", ".", "abc", token + "x", token.substring(0, dot), "x".repeat(600),
                "!!." + token.substring(dot + 1)}) {
            assertFalse(String.valueOf(bad), pending.verify(bad, users::get).isPresent());
        }
    }
}
