package io.github.fpauth.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.github.fpauth.api.AuthUser;

public class VerifiedCredentialCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AuthUser karaf = AuthUser.of("karaf", "fp_admin");

    @Test
    public void rememberedCredentialsAreFoundOthersAreNot() {
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(30), 10, now::get);
        assertNull(cache.get("karaf", "karaf"));
        cache.put("karaf", "karaf", karaf);
        assertSame(karaf, cache.get("karaf", "karaf"));
        assertNull("another password", cache.get("karaf", "other"));
        assertNull("another user", cache.get("other", "karaf"));
        assertNull("the split between user and password counts", cache.get("karafk", "araf"));
    }

    @Test
    public void entriesExpireAfterTheTtl() {
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(30), 10, now::get);
        cache.put("karaf", "karaf", karaf);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertSame(karaf, cache.get("karaf", "karaf"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertNull(cache.get("karaf", "karaf"));
        assertEquals("an expired entry is dropped when seen", 0, cache.size());
    }

    @Test
    public void zeroTtlDisablesTheCache() {
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ZERO, 10, now::get);
        assertFalse(cache.isEnabled());
        cache.put("karaf", "karaf", karaf);
        assertNull(cache.get("karaf", "karaf"));
    }

    @Test
    public void sizeStaysBounded() {
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(30), 3, now::get);
        for (int i = 0; i < 10; i++) {
            cache.put("user" + i, "pw", AuthUser.of("user" + i));
            assertTrue(cache.size() <= 3);
        }
        assertEquals("the newest is kept", "user9", cache.get("user9", "pw").getName());
    }
}
