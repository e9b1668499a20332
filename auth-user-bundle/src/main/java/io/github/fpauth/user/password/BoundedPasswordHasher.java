package io.github.fpauth.user.password;

import java.util.concurrent.Semaphore;

/**
 * Lets at most a fixed number of password hashes run at once; the others wait their turn. A
 * hash costs a core for a fifth of a second: without a bound, a flood of login attempts puts
 * every request thread to hashing and starves the requests that need no hash (public pages,
 * sessions, tokens, cached credentials). The permits are shared by every hasher built on them,
 * so a reconfiguration does not open a second set.
 */
public final class BoundedPasswordHasher implements PasswordHasher {

    private final PasswordHasher hasher;
    private final Semaphore permits;

    public BoundedPasswordHasher(PasswordHasher hasher, Semaphore permits) {
        this.hasher = hasher;
        this.permits = permits;
    }

    /** Half the cores, at least one: the other half stays for requests that need no hash. */
    public static Semaphore defaultPermits() {
        return new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
    }

    @Override
    public String hash(String password) {
        acquire();
        try {
            return hasher.hash(password);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean verify(String password, String stored) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false; // not verified: never grants access
        }
        try {
            return hasher.verify(password, stored);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean needsRehash(String stored) {
        return hasher.needsRehash(stored); // reads the stored parameters: no hash
    }

    @Override
    public String dummyHash() {
        acquire();
        try {
            return hasher.dummyHash();
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
    }
}
