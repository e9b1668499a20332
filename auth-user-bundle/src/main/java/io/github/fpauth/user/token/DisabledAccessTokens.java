package io.github.fpauth.user.token;

import java.util.List;

import io.github.fpauth.user.store.User;

/**
 * {@link AccessTokens} while the token store cannot be read: every token is refused, everything
 * else throws {@link TokensDisabledException}. Holds nothing and never touches the file.
 */
public final class DisabledAccessTokens implements AccessTokens {

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public CreatedToken create(String owner, String name, int days) {
        throw new TokensDisabledException();
    }

    @Override
    public List<AccessToken> tokensOf(String owner) {
        throw new TokensDisabledException();
    }

    @Override
    public boolean revoke(String owner, String name) {
        throw new TokensDisabledException();
    }

    @Override
    public int revokeAll(String owner) {
        throw new TokensDisabledException();
    }

    @Override
    public User authenticate(String secret, String claimedOwner) {
        return null;
    }
}
