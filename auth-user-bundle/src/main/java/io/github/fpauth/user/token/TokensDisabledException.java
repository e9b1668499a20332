package io.github.fpauth.user.token;

import io.github.fpauth.user.store.UserStoreException;

/**
 * Access tokens are disabled: the token store could not be read when the bundle started. Every
 * token is refused and none can be created, listed or revoked until the file is repaired or
 * restored and the bundle restarted. The message is fit for a person (it names no file).
 */
public class TokensDisabledException extends UserStoreException {

    private static final long serialVersionUID = 1L;

    public TokensDisabledException() {
        super("access tokens are disabled: the token store cannot be read; an administrator must repair or "
                + "restore it, then restart the auth-user bundle");
    }
}
