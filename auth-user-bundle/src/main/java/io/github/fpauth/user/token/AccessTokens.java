package io.github.fpauth.user.token;

import java.util.List;

import io.github.fpauth.user.store.User;

/**
 * Personal access tokens: what users (and admins for them) may do with them, and the check on
 * the request path. A service private to this bundle. Refused input throws
 * {@link IllegalArgumentException} with a message fit for a person.
 *
 * <p>The service is always there once the user directory is, so the {@code auth_user} manager can
 * require it. When the token store cannot be read it is {@linkplain #isAvailable() unavailable}:
 * {@link #authenticate} refuses every token, and the other operations throw
 * {@link TokensDisabledException}.
 */
public interface AccessTokens {

    /** The longest expiry a token may be given. */
    int MAX_DAYS = 3650;

    /**
     * Whether tokens can be checked and managed; {@code false} when the token store could not be
     * read. A token refused then is not the client's failure: it may well be valid.
     */
    boolean isAvailable();

    /**
     * Creates a token for an existing user.
     *
     * @param days days until it expires, {@code 0} for never
     * @return the token and its secret, which is shown once and never kept
     */
    CreatedToken create(String owner, String name, int days);

    /** A user's tokens, by name. */
    List<AccessToken> tokensOf(String owner);

    /** @return whether the user had a token by that name */
    boolean revoke(String owner, String name);

    /** Revokes every token of a user; returns how many there were. */
    int revokeAll(String owner);

    /**
     * The request path: the owner of this secret, when the secret is well-formed, known, not
     * expired, its owner exists and is enabled, and (unless {@code claimedOwner} is {@code null})
     * is {@code claimedOwner}; else {@code null}. One SHA-256 and a map lookup, no lock. Records
     * the use in memory.
     */
    User authenticate(String secret, String claimedOwner);

    /** A new token with its one-time secret. */
    final class CreatedToken {
        private final AccessToken token;
        private final String secret;

        public CreatedToken(AccessToken token, String secret) {
            this.token = token;
            this.secret = secret;
        }

        public AccessToken token() {
            return token;
        }

        public String secret() {
            return secret;
        }

        @Override
        public String toString() {
            return "CreatedToken[" + token + "]"; // never the secret
        }
    }
}
