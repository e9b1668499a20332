package io.github.fpauth.user.session;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.store.User;

public class PersistentSessionStoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final SessionTimeouts timeouts = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12),
            Duration.ofDays(30), Duration.ofDays(30), 3);
    private Path file;
    private PersistentSessionStore store;

    @Before
    public void setUp() {
        file = temp.getRoot().toPath().resolve("sessions.txt");
        store = open();
    }

    private PersistentSessionStore open() {
        return new PersistentSessionStore(file, new SessionSecrets(new SecureRandom()), timeouts, clock::get);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    /** How the file spells the hash of {@code secret}. */
    private static String storedHash(String secret) {
        return SecretHash.of(secret).toBase64Url();
    }

    private String content() throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    @Test
    public void aNewSessionResolvesByItsSecretOnly() {
        NewSession created = store.create("alice", false, "192.0.2.1", "Firefox");

        Session resolved = store.resolve(created.secret()).orElseThrow();
        assertEquals("alice", resolved.user());
        assertEquals(created.session().publicId(), resolved.publicId());
        assertFalse(store.resolve(created.session().publicId()).isPresent());
        assertFalse(store.resolve(new SessionSecrets(new SecureRandom()).newSecret()).isPresent());
        assertFalse(store.resolve("not a secret").isPresent());
        assertFalse(store.resolve(null).isPresent());
    }

    @Test
    public void theFileHoldsTheHashNeverTheSecret() throws Exception {
        NewSession created = store.create("alice", false, "192.0.2.1", "Firefox");

        String content = content();
        assertFalse(content.contains(created.secret()));
        assertTrue(content.contains(storedHash(created.secret())));
    }

    @Test
    public void sessionsSurviveARestartWithTheirLastSeenTimeOnceFlushed() {
        NewSession created = store.create("alice", true, "192.0.2.1", "Firefox\tEvil\nLine");
        advance(Duration.ofMinutes(5));
        store.resolve(created.secret());
        long seen = clock.get();
        store.flush();

        Session reloaded = open().resolve(created.secret()).orElseThrow();
        assertEquals(seen, reloaded.lastSeenMillis());
        assertTrue(reloaded.rememberMe());
        assertEquals("192.0.2.1", reloaded.clientAddress());
        assertEquals("Firefox?Evil?Line", reloaded.userAgent());
        assertEquals(created.session().csrfToken(), reloaded.csrfToken());
    }

    @Test
    public void aRequestDoesNotWriteTheFileAFlushDoes() throws Exception {
        NewSession created = store.create("alice", false, "", "");
        byte[] before = Files.readAllBytes(file);
        advance(Duration.ofMinutes(1));

        store.resolve(created.secret());

        assertArrayEquals("no disk write per request", before, Files.readAllBytes(file));
        store.flush();
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(file)));
    }

    @Test
    public void aCrashLosesOnlyUnflushedLastSeenTimesSoSessionsEndEarlierNeverLater() {
        NewSession created = store.create("alice", false, "", "");
        advance(Duration.ofMinutes(20));
        store.resolve(created.secret()); // not flushed: lost in a "crash"
        advance(Duration.ofMinutes(15));

        assertFalse("35 minutes after the last flushed time: idle", open().resolve(created.secret()).isPresent());
        assertTrue("but alive where the request was seen", store.resolve(created.secret()).isPresent());
    }

    @Test
    public void anIdleSessionEndsAndAnActiveOneLivesOn() {
        NewSession idle = store.create("alice", false, "", "");
        NewSession busy = store.create("bob", false, "", "");
        advance(Duration.ofMinutes(29));
        assertTrue(store.resolve(busy.secret()).isPresent());
        advance(Duration.ofMinutes(2));

        assertFalse("31 minutes idle", store.resolve(idle.secret()).isPresent());
        assertTrue("seen 2 minutes ago", store.resolve(busy.secret()).isPresent());
    }

    @Test
    public void anActiveSessionEndsAtTheAbsoluteTimeout() {
        NewSession busy = store.create("bob", false, "", "");
        for (int minute = 20; minute < 12 * 60; minute += 20) {
            advance(Duration.ofMinutes(20));
            assertTrue("minute " + minute, store.resolve(busy.secret()).isPresent());
        }
        advance(Duration.ofMinutes(20));

        assertFalse("12 hours after login", store.resolve(busy.secret()).isPresent());
    }

    @Test
    public void newTimeoutsApplyToExistingSessions() {
        NewSession created = store.create("alice", false, "", "");
        advance(Duration.ofMinutes(10));

        store.setTimeouts(new SessionTimeouts(Duration.ofMinutes(5), Duration.ofHours(12), Duration.ofDays(30),
                Duration.ofDays(30), 3));

        assertFalse(store.resolve(created.secret()).isPresent());
    }

    @Test
    public void aUserHoldsABoundedNumberAndTheLeastRecentlySeenGoFirst() {
        NewSession first = store.create("alice", false, "", "");
        advance(Duration.ofSeconds(10));
        NewSession second = store.create("alice", false, "", "");
        advance(Duration.ofSeconds(10));
        NewSession third = store.create("alice", false, "", "");
        advance(Duration.ofSeconds(10));
        store.resolve(first.secret()); // first is now the most recently seen
        advance(Duration.ofSeconds(10));
        store.create("bob", false, "", "");

        NewSession fourth = store.create("alice", false, "", "");

        assertEquals(3, store.sessionsOf("alice").size());
        assertTrue(store.resolve(first.secret()).isPresent());
        assertFalse("least recently seen", store.resolve(second.secret()).isPresent());
        assertTrue(store.resolve(third.secret()).isPresent());
        assertTrue(store.resolve(fourth.secret()).isPresent());
        assertEquals("other users are not touched", 1, store.sessionsOf("bob").size());
    }

    @Test
    public void revokingIsImmediateDurableAndScopedToTheOwner() {
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("alice", false, "", "");
        String aId = a.session().publicId();

        assertFalse("bob cannot revoke alice's session", store.revoke("bob", aId));
        assertTrue(store.resolve(a.secret()).isPresent());
        assertTrue(store.revoke("alice", aId));
        assertFalse(store.revoke("alice", aId));

        assertFalse(store.resolve(a.secret()).isPresent());
        assertFalse("durable without a flush", open().resolve(a.secret()).isPresent());
        assertTrue(open().resolve(b.secret()).isPresent());
    }

    @Test
    public void revokeAllAndRevokeAllExcept() {
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("alice", false, "", "");
        NewSession c = store.create("alice", false, "", "");
        NewSession bob = store.create("bob", false, "", "");

        assertEquals(2, store.revokeAllExcept("alice", b.session().publicId()));
        assertFalse(store.resolve(a.secret()).isPresent());
        assertTrue(store.resolve(b.secret()).isPresent());
        assertFalse(store.resolve(c.secret()).isPresent());

        assertEquals(1, store.revokeAll("alice"));
        assertFalse(store.resolve(b.secret()).isPresent());
        assertTrue(store.resolve(bob.secret()).isPresent());
        assertEquals(0, store.revokeAll("alice"));
    }

    @Test
    public void listingShowsWhatAPersonMaySeeMostRecentFirst() {
        NewSession older = store.create("alice", false, "192.0.2.1", "Old browser");
        advance(Duration.ofMinutes(1));
        NewSession newer = store.create("alice", true, "192.0.2.2", "New browser");

        List<SessionInfo> sessions = store.sessionsOf("alice");

        assertEquals(2, sessions.size());
        assertEquals(newer.session().publicId(), sessions.get(0).publicId());
        assertEquals(older.session().publicId(), sessions.get(1).publicId());
        assertTrue(sessions.get(0).rememberMe());
        assertEquals("192.0.2.2", sessions.get(0).clientAddress());
        assertEquals("Old browser", sessions.get(1).userAgent());
        assertFalse(sessions.get(0).toString().contains(newer.secret()));
        assertTrue(store.sessionsOf("nobody").isEmpty());
    }

    @Test
    public void removingOrDisablingAUserEndsItsSessions() {
        User alice = User.create("alice", "$hash", List.of());
        User bob = User.create("bob", "$hash", List.of());
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("bob", false, "", "");
        NewSession c = store.create("carol", false, "", "");

        store.userChanged(alice, alice.withDisplayName("Alice"));
        assertTrue("a harmless change keeps them", store.resolve(a.secret()).isPresent());
        store.userChanged(alice, alice.withEnabled(false));
        store.userChanged(bob, null);

        assertFalse(store.resolve(a.secret()).isPresent());
        assertFalse(store.resolve(b.secret()).isPresent());
        assertTrue(store.resolve(c.secret()).isPresent());
    }

    @Test
    public void aDamagedLineEndsOnlyThatSession() throws Exception {
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("bob", false, "", "");
        String damaged = content().replace(storedHash(b.secret()) + "\t", storedHash(b.secret()) + "\tx\t");
        Files.write(file, (damaged + "garbage line\n").getBytes(StandardCharsets.UTF_8));

        PersistentSessionStore reopened = open();

        assertTrue(reopened.resolve(a.secret()).isPresent());
        assertFalse(reopened.resolve(b.secret()).isPresent());
    }

    @Test
    public void aDamagedHashEndsOnlyThatSession() throws Exception {
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("bob", false, "", "");
        String hash = storedHash(b.secret());
        Files.write(file, content().replace(hash, hash.substring(0, 42)).getBytes(StandardCharsets.UTF_8));

        PersistentSessionStore reopened = open();

        assertTrue(reopened.resolve(a.secret()).isPresent());
        assertFalse(reopened.resolve(b.secret()).isPresent());
        assertEquals("not kept as a session that can never resolve", 1, reopened.size());
    }

    @Test
    public void anUnreadableFileMeansNoSessionsNotAFailure() throws Exception {
        Files.createDirectories(file); // a directory where the file should be: reading fails

        PersistentSessionStore reopened = open();

        assertEquals(0, reopened.size());
    }

    @Test
    public void expiredSessionsAreDroppedFromTheFileAtTheNextFlush() throws Exception {
        NewSession a = store.create("alice", false, "", "");
        advance(Duration.ofHours(1));

        store.flush();

        assertFalse(content().contains(storedHash(a.secret())));
        assertEquals(0, store.size());
    }

    @Test
    public void eachSessionHasItsOwnCsrfTokenAndPublicId() {
        NewSession a = store.create("alice", false, "", "");
        NewSession b = store.create("alice", false, "", "");
        assertNotEquals(a.session().csrfToken(), b.session().csrfToken());
        assertNotEquals(a.session().publicId(), b.session().publicId());
        assertNotEquals(a.secret(), b.secret());
    }
}
