package io.github.fpauth.user.cache;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

public class VerifiedCredentialCacheTest {

    private static final String HASH = "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String OTHER_HASH = "$pbkdf2-sha256$i=1000$AQAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private UserStore store;
    private VerifiedCredentialCache cache;

    @Before
    public void setUp() {
        // The store only supplies users with real credential generations.
        store = UserStore.open(temp.getRoot().toPath().resolve("users.txt"));
        cache = new VerifiedCredentialCache(Duration.ofSeconds(60), 100, now::get, new SecureRandom());
        store.addListener(cache);
    }

    private User add(String name) {
        return store.update(name, u -> User.create(name, HASH, Set.of("r")));
    }

    @Test
    public void keysDependOnNameAndPasswordOnly() {
        assertEquals(cache.key("alice", "pw"), cache.key("alice", "pw"));
        assertEquals(cache.key("alice", "pw").hashCode(), cache.key("alice", "pw").hashCode());
        assertNotEquals(cache.key("alice", "pw"), cache.key("alice", "pW"));
        assertNotEquals(cache.key("alice", "pw"), cache.key("alicE", "pw"));
        assertNotEquals(cache.key("ab", "c"), cache.key("a", "bc"));
    }

    @Test
    public void keysAreKeyedPerCache() {
        VerifiedCredentialCache other = new VerifiedCredentialCache(Duration.ofSeconds(60), 100);
        assertNotEquals(cache.key("alice", "pw"), other.key("alice", "pw"));
    }

    @Test
    public void remembersVerifiedCredentials() {
        User alice = add("alice");
        SecretHash key = cache.key("alice", "pw");
        assertNull(cache.verified(key, store::get));
        cache.remember(key, alice);
        assertSame(alice, cache.verified(cache.key("alice", "pw"), store::get));
        assertNull(cache.verified(cache.key("alice", "other"), store::get));
    }

    @Test
    public void aHitReturnsTheCurrentUserSoRoleChangesApplyAtOnce() {
        User alice = add("alice");
        SecretHash key = cache.key("alice", "pw");
        cache.remember(key, alice);
        User promoted = store.update("alice", u -> u.withRoles(Set.of("fp_admin")).withDisplayName("Alice"));
        assertSame(promoted, cache.verified(key, store::get));
        assertEquals(1, cache.size());
    }

    @Test
    public void entriesExpire() {
        User alice = add("alice");
        SecretHash key = cache.key("alice", "pw");
        cache.remember(key, alice);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertSame(alice, cache.verified(key, store::get));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertNull(cache.verified(key, store::get));
        assertEquals(0, cache.size());
    }

    @Test
    public void aPasswordChangeDropsTheUsersEntries() {
        User alice = add("alice");
        User bob = add("bob");
        cache.remember(cache.key("alice", "pw"), alice);
        cache.remember(cache.key("alice", "pw2"), alice);
        cache.remember(cache.key("bob", "pw"), bob);
        store.update("alice", u -> u.withPasswordHash(OTHER_HASH));
        assertEquals(1, cache.size());
        assertNull(cache.verified(cache.key("alice", "pw"), store::get));
        assertSame(bob, cache.verified(cache.key("bob", "pw"), store::get));
    }

    @Test
    public void removalAndDisableDropTheUsersEntries() {
        cache.remember(cache.key("alice", "pw"), add("alice"));
        cache.remember(cache.key("bob", "pw"), add("bob"));
        store.update("alice", u -> null);
        store.update("bob", u -> u.withEnabled(false));
        assertEquals(0, cache.size());
        assertNull(cache.verified(cache.key("bob", "pw"), store::get));
    }

    @Test
    public void aStaleEntryIsNeverTrustedEvenIfNobodyToldTheCache() {
        store.removeListener(cache);
        User alice = add("alice");
        SecretHash key = cache.key("alice", "pw");
        cache.remember(key, alice);
        store.update("alice", u -> u.withPasswordHash(OTHER_HASH));
        assertNull(cache.verified(key, store::get));

        cache.remember(key, store.get("alice"));
        store.update("alice", u -> u.withEnabled(false));
        assertNull(cache.verified(key, store::get));

        store.update("alice", u -> null);
        User recreated = add("alice");
        cache.remember(key, alice); // verified against the deleted account
        assertNotEquals(alice.credentialGeneration(), recreated.credentialGeneration());
        assertNull(cache.verified(key, store::get));
        assertEquals(0, cache.size());
    }

    @Test
    public void sizeIsBounded() {
        VerifiedCredentialCache small = new VerifiedCredentialCache(Duration.ofSeconds(60), 16, now::get,
                new SecureRandom());
        User alice = add("alice");
        for (int i = 0; i < 1000; i++) {
            small.remember(small.key("alice", "pw" + i), alice);
            assertTrue(small.size() <= 16);
        }
        // the newest entry always gets in
        assertSame(alice, small.verified(small.key("alice", "pw999"), store::get));
    }

    @Test
    public void expiredEntriesAreEvictedFirst() {
        VerifiedCredentialCache small = new VerifiedCredentialCache(Duration.ofSeconds(60), 8, now::get,
                new SecureRandom());
        User alice = add("alice");
        for (int i = 0; i < 4; i++) {
            small.remember(small.key("alice", "old" + i), alice);
        }
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        for (int i = 0; i < 4; i++) {
            small.remember(small.key("alice", "new" + i), alice);
        }
        now.addAndGet(Duration.ofSeconds(31).toNanos()); // the old ones have expired, the new ones not
        small.remember(small.key("alice", "newest"), alice);
        for (int i = 0; i < 4; i++) {
            assertSame(alice, small.verified(small.key("alice", "new" + i), store::get));
        }
        assertEquals(5, small.size());
    }

    @Test
    public void aZeroTimeToLiveOrSizeDisablesTheCache() {
        User alice = add("alice");
        for (VerifiedCredentialCache off : new VerifiedCredentialCache[] {
            new VerifiedCredentialCache(Duration.ZERO, 100), new VerifiedCredentialCache(Duration.ofSeconds(5), 0)}) {
            assertFalse(off.isEnabled());
            off.remember(off.key("alice", "pw"), alice);
            assertEquals(0, off.size());
            assertNull(off.verified(off.key("alice", "pw"), store::get));
        }
        assertTrue(cache.isEnabled());
    }
}
