package io.github.fpauth.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.password.PasswordHasher;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.store.UserStore;

/** The {@link UserDirectory} over a {@link UserStore}, a hasher and a password policy. */
public final class StoredUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StoredUserDirectory.class);

    private final UserStore store;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private volatile Hashing hashing;

    public StoredUserDirectory(UserStore store, PasswordHasher hasher, PasswordPolicy policy) {
        this.store = store;
        this.hashing = new Hashing(hasher, policy);
    }

    /** New hashing parameters for passwords set from now on; stored hashes stay valid. */
    public void reconfigure(PasswordHasher hasher, PasswordPolicy policy) {
        this.hashing = new Hashing(hasher, policy);
    }

    public UserStore store() {
        return store;
    }

    public PasswordPolicy policy() {
        return hashing.policy;
    }

    @Override
    public User find(String name) {
        return store.get(name);
    }

    @Override
    public List<User> users() {
        return store.users();
    }

    @Override
    public Optional<User> verifyPassword(String name, String password) {
        Hashing current = hashing;
        User user = store.get(name);
        // One hash in every case: unknown and disabled users cost what known ones cost.
        boolean matches = current.hasher.verify(password, user == null ? current.dummyHash : user.passwordHash());
        return matches && user.isEnabled() ? Optional.of(user) : Optional.empty();
    }

    @Override
    public boolean rehashIfNeeded(User verified, String password) {
        Hashing current = hashing;
        String name = verified.name();
        if (!current.hasher.needsRehash(verified.passwordHash())) {
            return false;
        }
        String hash = current.hasher.hash(password);
        User stored = store.update(name, existing -> existing != null
                && existing.passwordHash().equals(verified.passwordHash()) ? existing.withPasswordHash(hash) : existing);
        boolean upgraded = stored != null && stored.passwordHash().equals(hash);
        if (upgraded) {
            LOG.info("Upgraded the password hash of user '{}' to the current policy", name);
        }
        return upgraded;
    }

    @Override
    public User addUser(String name, String password, Collection<String> roles) {
        UserNames.requireValidName(name);
        UserNames.requireValidRoles(roles);
        Hashing current = hashing;
        current.policy.check(password);
        if (store.get(name) != null) {
            throw new IllegalArgumentException("user '" + name + "' already exists");
        }
        String hash = current.hasher.hash(password); // slow: outside the store's write lock
        User added = store.update(name, existing -> {
            if (existing != null) {
                throw new IllegalArgumentException("user '" + name + "' already exists");
            }
            return User.create(name, hash, roles);
        });
        LOG.info("Added user '{}' with roles {}", name, added.roles());
        return added;
    }

    @Override
    public Optional<User> findLinked(String identity) {
        for (User user : store.users()) {
            if (user.linkedIdentities().contains(identity)) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }

    @Override
    public User addLinkedUser(String name, String displayName, String email, Collection<String> roles,
            String identity) {
        UserNames.requireValidName(name);
        UserNames.requireValidRoles(roles);
        requireUnlinked(identity, name);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        // A real hash of a secret nobody holds: the password form works as for anyone, and never matches.
        String hash = hashing.hasher.hash(java.util.Base64.getEncoder().encodeToString(secret));
        User added = store.update(name, existing -> {
            if (existing != null) {
                throw new IllegalArgumentException("user '" + name + "' already exists");
            }
            return User.create(name, displayName, roles, true, hash, null, email, List.of(identity));
        });
        LOG.info("Added user '{}' with roles {}, signing in as {}", name, added.roles(), identity);
        return added;
    }

    @Override
    public User linkIdentity(String name, String identity) {
        requireUnlinked(identity, name);
        User changed = change(name, existing -> existing.withLinkedIdentity(identity));
        LOG.info("Linked {} to user '{}'", identity, name);
        return changed;
    }

    private void requireUnlinked(String identity, String name) {
        Optional<User> linked = findLinked(identity);
        if (linked.isPresent() && !linked.get().name().equals(name)) {
            throw new IllegalArgumentException(identity + " already signs in as user '" + linked.get().name() + "'");
        }
    }

    @Override
    public void removeUser(String name) {
        store.update(name, existing -> {
            if (existing == null) {
                throw noSuchUser(name);
            }
            return null;
        });
        LOG.info("Removed user '{}'", name);
    }

    @Override
    public void setPassword(String name, String password) {
        Hashing current = hashing;
        current.policy.check(password);
        if (store.get(name) == null) {
            throw noSuchUser(name);
        }
        String hash = current.hasher.hash(password);
        store.update(name, existing -> {
            if (existing == null) {
                throw noSuchUser(name);
            }
            return existing.withPasswordHash(hash);
        });
        LOG.info("Changed the password of user '{}'", name);
    }

    @Override
    public boolean setPasswordIf(String name, String expectedHash, String password) {
        Hashing current = hashing;
        current.policy.check(password);
        String hash = current.hasher.hash(password);
        User stored = store.update(name, existing -> existing != null && existing.passwordHash().equals(expectedHash)
                ? existing.withPasswordHash(hash) : existing);
        boolean set = stored != null && stored.passwordHash().equals(hash);
        if (set) {
            LOG.info("Changed the password of user '{}'", name);
        }
        return set;
    }

    @Override
    public User setRoles(String name, Collection<String> roles) {
        User changed = change(name, existing -> existing.withRoles(roles));
        LOG.info("Set the roles of user '{}' to {}", name, changed.roles());
        return changed;
    }

    @Override
    public User setEnabled(String name, boolean enabled) {
        User changed = change(name, existing -> existing.withEnabled(enabled));
        LOG.info("{} user '{}'", enabled ? "Enabled" : "Disabled", name);
        return changed;
    }

    @Override
    public User setDisplayName(String name, String displayName) {
        User changed = change(name, existing -> existing.withDisplayName(displayName));
        LOG.info("Changed the display name of user '{}'", name);
        return changed;
    }

    @Override
    public User setEmail(String name, String email) {
        User changed = change(name, existing -> existing.withEmail(email));
        LOG.info("{} the email address of user '{}'", email == null ? "Removed" : "Changed", name);
        return changed;
    }

    @Override
    public User changeSecondFactor(String name, java.util.function.UnaryOperator<String> change) {
        boolean[] removed = {false};
        User changed = change(name, existing -> {
            String before = existing.secondFactor();
            String after = change.apply(before);
            removed[0] = before != null && after == null;
            return after == before ? existing : existing.withSecondFactor(after);
        });
        if (removed[0]) {
            LOG.info("Removed the second factor of user '{}'", name);
        }
        return changed;
    }

    private User change(String name, java.util.function.UnaryOperator<User> change) {
        return store.update(name, existing -> {
            if (existing == null) {
                throw noSuchUser(name);
            }
            return change.apply(existing);
        });
    }

    private static IllegalArgumentException noSuchUser(String name) {
        return new IllegalArgumentException("no user '" + UserNames.printable(name) + "'");
    }

    @Override
    public void addListener(UserStore.Listener listener) {
        store.addListener(listener);
    }

    @Override
    public void removeListener(UserStore.Listener listener) {
        store.removeListener(listener);
    }

    /** A hasher with its policy and its dummy hash, swapped as one. */
    private static final class Hashing {
        final PasswordHasher hasher;
        final PasswordPolicy policy;
        final String dummyHash;

        Hashing(PasswordHasher hasher, PasswordPolicy policy) {
            this.hasher = hasher;
            this.policy = policy;
            this.dummyHash = hasher.dummyHash();
        }
    }
}
