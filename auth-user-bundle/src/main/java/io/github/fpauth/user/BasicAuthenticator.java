package io.github.fpauth.user;

import java.util.Optional;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.basic.BasicCredentials;
import io.github.fpauth.user.cache.VerifiedCredentialCache;
import io.github.fpauth.user.cache.VerifiedCredentialCache.CredentialKey;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * Checks HTTP Basic credentials against the {@link UserDirectory}, through the
 * {@link VerifiedCredentialCache}: at most one password hash per request, none for credentials
 * verified a moment ago. Roles and display name always come from the current store.
 */
public final class BasicAuthenticator {

    /** Unknown user and wrong password look the same: no account enumeration. */
    static final AuthResult INVALID = AuthResult.failed("invalid credentials");

    private final UserDirectory directory;
    private final VerifiedCredentialCache cache;

    public BasicAuthenticator(UserDirectory directory, VerifiedCredentialCache cache) {
        this.directory = directory;
        this.cache = cache;
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
        CredentialKey key = null;
        if (cache.isEnabled()) {
            key = cache.key(name, credentials.password());
            User cached = cache.verified(key, directory::find);
            if (cached != null) {
                return cached.authenticated();
            }
        }
        Optional<User> verified = directory.verifyPassword(name, credentials.password());
        if (verified.isEmpty()) {
            return INVALID;
        }
        if (key != null) {
            cache.remember(key, verified.get());
        }
        return verified.get().authenticated();
    }
}
