package io.github.fpauth.user;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.fpauth.user.password.PasswordHasher;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;

/** A real (fast) PBKDF2 hasher that counts the full hashes it computes. */
public class CountingHasher implements PasswordHasher {

    private final PasswordHasher delegate = new Pbkdf2PasswordHasher(1000);
    private final AtomicInteger hashes = new AtomicInteger();

    /** Full hashes so far: every {@link #hash} and every {@link #verify}. */
    public int count() {
        return hashes.get();
    }

    @Override
    public String hash(String password) {
        hashes.incrementAndGet();
        return delegate.hash(password);
    }

    @Override
    public boolean verify(String password, String stored) {
        hashes.incrementAndGet();
        return delegate.verify(password, stored);
    }

    @Override
    public boolean needsRehash(String stored) {
        return delegate.needsRehash(stored);
    }

    @Override
    public String dummyHash() {
        return delegate.dummyHash();
    }
}
