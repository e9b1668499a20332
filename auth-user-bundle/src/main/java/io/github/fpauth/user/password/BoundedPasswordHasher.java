package io.github.fpauth.user.password;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds password hashing in two ways. At most a fixed number of hashes run at once, the
 * others wait their turn: a hash costs a core for a fifth of a second, and without a bound a
 * flood of login attempts puts every request thread to hashing. And hashing takes no more than
 * its share of the CPU time over a while ({@link HashingBudget}): otherwise a flood still keeps
 * the permitted cores hashing all the time, and the requests that need no hash (public pages,
 * sessions, tokens, cached credentials) lose their throughput. The permits and the budget are
 * shared by every hasher built on them, so a reconfiguration opens neither a second set nor a
 * fresh budget.
 *
 * <p>A hash that gets no turn throws {@link HashingBusyException}: nothing is checked, so a
 * refusal (or an interrupted wait) never grants access.
 */
public final class BoundedPasswordHasher implements PasswordHasher {

    private final PasswordHasher hasher;
    private final Semaphore permits;
    private final HashingBudget budget;

    public BoundedPasswordHasher(PasswordHasher hasher, Semaphore permits, HashingBudget budget) {
        this.hasher = hasher;
        this.permits = permits;
        this.budget = budget;
    }

    /** Half the cores, at least one: the other half stays for requests that need no hash. */
    public static Semaphore defaultPermits() {
        return new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
    }

    @Override
    public String hash(String password) {
        return bounded(budget.reserve(), () -> hasher.hash(password));
    }

    @Override
    public boolean verify(String password, String stored) {
        return bounded(budget.reserve(), () -> hasher.verify(password, stored));
    }

    @Override
    public boolean needsRehash(String stored) {
        return hasher.needsRehash(stored); // reads the stored parameters: no hash
    }

    /** Never refused for the budget: a new configuration needs it (it is charged all the same). */
    @Override
    public String dummyHash() {
        return bounded(budget.immediate(), hasher::dummyHash);
    }

    private <T> T bounded(HashingBudget.Turn turn, Supplier<T> hash) {
        turn.await();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            throw turn.interrupted();
        }
        try {
            // Measured inside the permit: the wait for it is no hashing.
            return turn.run(hash);
        } finally {
            permits.release();
        }
    }
}
