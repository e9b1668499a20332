package io.github.fpauth.api.login;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs a browser in as the local user of an identity another provider vouched for. Offered as a
 * service by the bundle that owns the local accounts (auth-user); called by login-provider bundles
 * once they have checked the provider's answer.
 */
@ProviderType
public interface ExternalSignIn {

    /** How a sign-in ended; the response is answered in every case. */
    enum Outcome {
        /** The session started; the browser was sent (303) to {@code next}. */
        SIGNED_IN,
        /** The account also needs its second factor: the browser was sent to that step, no session yet. */
        SECOND_FACTOR,
        /** Refused (account disabled, no account and none may be created, a name clash...): a page says why. */
        REFUSED,
        /** The accounts cannot be reached right now (503): nothing changed. */
        UNAVAILABLE
    }

    /**
     * Finds the local user {@code identity} signs in as (by its provider and subject; by email only
     * when the identity allows it and the address is verified), creates one when there is none,
     * brings the roles the provider manages up to date, and starts a session, ending the one the
     * browser came with.
     *
     * @param next where the browser goes once signed in: a path of this site, else {@code /}
     */
    Outcome signIn(HttpServletRequest request, HttpServletResponse response, ExternalIdentity identity, String next)
            throws IOException;
}
