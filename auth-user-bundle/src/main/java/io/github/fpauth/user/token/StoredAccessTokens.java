package io.github.fpauth.user.token;

import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.crypto.SecretHasher;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.store.UserStore;

/**
 * {@link AccessTokens} over a {@link TokenStore} and the {@link UserDirectory}. Tokens of a
 * removed user are removed with it; a disabled user's tokens are refused on every request.
 */
public final class StoredAccessTokens implements AccessTokens, UserStore.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(StoredAccessTokens.class);

    private final TokenStore store;
    private final UserDirectory directory;
    private final TokenSecrets secrets;
    // Every token request hashes its secret: one digest per thread, and a binary key, nothing encoded.
    private final SecretHasher hasher = new SecretHasher();
    private final LongSupplier epochSeconds;
    private volatile int maxTokensPerUser;

    public StoredAccessTokens(TokenStore store, UserDirectory directory, TokenSecrets secrets,
            LongSupplier epochSeconds, int maxTokensPerUser) {
        this.store = store;
        this.directory = directory;
        this.secrets = secrets;
        this.epochSeconds = epochSeconds;
        this.maxTokensPerUser = maxTokensPerUser;
    }

    public TokenStore store() {
        return store;
    }

    public void setMaxTokensPerUser(int max) {
        this.maxTokensPerUser = max;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public CreatedToken create(String owner, String name, int days) {
        AccessToken.requireValidName(name);
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("a token expires after 1 to " + MAX_DAYS + " days, or 0 for never");
        }
        if (owner == null || directory.find(owner) == null) {
            throw new IllegalArgumentException("no user '" + UserNames.printable(owner) + "'");
        }
        String secret = secrets.next();
        long now = epochSeconds.getAsLong();
        AccessToken token = new AccessToken(owner, name, hasher.hash(secret), now,
                days == 0 ? 0 : now + days * 86_400L, 0);
        int max = maxTokensPerUser;
        store.add(token, existing -> {
            if (existing.stream().anyMatch(t -> t.name().equals(name))) {
                return "user '" + owner + "' already has a token named '" + name + "'";
            }
            return existing.size() >= max ? "user '" + owner + "' already has " + max + " tokens" : null;
        });
        LOG.info("Created access token '{}' of user '{}'{}", name, owner,
                days == 0 ? " (no expiry)" : " expiring in " + days + " days");
        return new CreatedToken(token, secret);
    }

    @Override
    public List<AccessToken> tokensOf(String owner) {
        return store.tokensOf(owner);
    }

    @Override
    public boolean revoke(String owner, String name) {
        boolean revoked = !store.remove(owner, name).isEmpty();
        if (revoked) {
            LOG.info("Revoked access token '{}' of user '{}'", name, owner);
        }
        return revoked;
    }

    @Override
    public int revokeAll(String owner) {
        int revoked = store.remove(owner, null).size();
        if (revoked > 0) {
            LOG.info("Revoked the {} access tokens of user '{}'", revoked, owner);
        }
        return revoked;
    }

    @Override
    public User authenticate(String secret, String claimedOwner) {
        if (!TokenSecrets.isWellFormed(secret)) {
            return null;
        }
        AccessToken token = store.byHash(hasher.hash(secret));
        if (token == null) {
            return null;
        }
        long now = epochSeconds.getAsLong();
        if (token.isExpired(now) || claimedOwner != null && !claimedOwner.equals(token.owner())) {
            return null;
        }
        User owner = directory.find(token.owner());
        if (owner == null || !owner.isEnabled()) {
            return null;
        }
        store.markUsed(token, now);
        return owner;
    }

    /** A removed user's tokens go with it, so a new user by that name never inherits them. */
    @Override
    public void userChanged(User before, User after) {
        if (before != null && after == null) {
            try {
                revokeAll(before.name());
            } catch (RuntimeException e) {
                // authenticate() refuses them anyway while the owner is absent
                LOG.error("Could not remove the access tokens of removed user '{}'", before.name(), e);
            }
        }
    }
}
