package io.github.fpauth.user;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.basic.BasicCredentials;
import io.github.fpauth.user.cache.VerifiedCredentialCache;
import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * Checks HTTP Basic credentials against the {@link UserDirectory}, through the
 * {@link VerifiedCredentialCache}: at most one password hash per request, none for credentials
 * verified a moment ago. Roles and display name always come from the current store.
 *
 * <p>With the cache on, concurrent requests with the same credentials share one check: an API
 * client that opens several connections at once (or finds its entry expired) costs one password
 * hash, not one per connection, so it does not drain the hashing budget that other logins need.
 * With the cache off (ttl or size 0) every request is checked on its own, as configured.
 *
 * <p>An account that signs in with a second factor cannot use its password alone here: Basic
 * has no second step, so it would bypass the code. Such a request fails like a wrong password
 * (nothing tells a guesser the password was right); access tokens still work.
 */
public final class BasicAuthenticator {

    /** Unknown user and wrong password look the same: no account enumeration. */
    static final AuthResult INVALID = AuthResult.failed("invalid credentials");

    private final UserDirectory directory;
    private final VerifiedCredentialCache cache;
    private final Predicate<User> passwordAlone;
    /** Checks in progress, by credentials: later requests with the same ones wait for the result. */
    private final ConcurrentHashMap<SecretHash, CompletableFuture<Optional<User>>> checking =
            new ConcurrentHashMap<>();

    public BasicAuthenticator(UserDirectory directory, VerifiedCredentialCache cache) {
        this(directory, cache, user -> true);
    }

    /** @param passwordAlone whether the user may sign in with its password alone (no second factor required) */
    public BasicAuthenticator(UserDirectory directory, VerifiedCredentialCache cache, Predicate<User> passwordAlone) {
        this.directory = directory;
        this.cache = cache;
        this.passwordAlone = passwordAlone;
    }

    public VerifiedCredentialCache cache() {
        return cache;
    }

    /** @throws io.github.fpauth.user.password.HashingBusyException when the password could not be checked now */
    public AuthResult authenticate(BasicCredentials credentials) {
        String name = credentials.username();
        if (!UserNames.isValidName(name)) {
            return INVALID; // no account can have this name: nothing to hash, nothing to reveal
        }
        if (!cache.isEnabled()) {
            return result(directory.verifyPassword(name, credentials.password()));
        }
        SecretHash key = cache.key(name, credentials.password());
        User cached = cache.verified(key, directory::find);
        if (cached != null) {
            return result(cached); // the hot path: no allocation
        }
        CompletableFuture<Optional<User>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<User>> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            return result(awaitCheck(running));
        }
        try {
            // Checked again: another request may have verified them just before this one took the slot.
            cached = cache.verified(key, directory::find);
            Optional<User> verified = cached != null ? Optional.of(cached)
                    : directory.verifyPassword(name, credentials.password());
            if (cached == null && verified.isPresent()) {
                cache.remember(key, verified.get());
            }
            mine.complete(verified);
            return result(verified);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    private AuthResult result(Optional<User> verified) {
        return verified.isPresent() ? result(verified.get()) : INVALID;
    }

    private AuthResult result(User user) {
        return !user.hasSecondFactor() && passwordAlone.test(user) ? user.authenticated() : INVALID;
    }

    /** The outcome of the same credentials' check in progress; its failure (e.g. busy) is this request's too. */
    private static Optional<User> awaitCheck(CompletableFuture<Optional<User>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }
}
