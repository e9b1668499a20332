package io.github.fpauth.user;

import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.password.PasswordHasher;

/** A hasher over its CPU budget: every hash is refused as busy; only the dummy hash is made. */
public final class BusyHasher implements PasswordHasher {

    private final long retryAfterSeconds;

    public BusyHasher(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public String hash(String password) {
        throw new HashingBusyException(retryAfterSeconds);
    }

    @Override
    public boolean verify(String password, String stored) {
        throw new HashingBusyException(retryAfterSeconds);
    }

    @Override
    public boolean needsRehash(String stored) {
        return false;
    }

    @Override
    public String dummyHash() {
        return "dummy";
    }
}
