package io.github.fpauth.api.login;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to sign in other than the local password form, offered on the login page as a button
 * ("Sign in with {@link #label()}") that leads to {@link #startPath(String)}. Registered as a
 * service by the bundle that talks to the provider; the login page follows these services as they
 * come and go, and so does logout.
 */
@ConsumerType
public interface LoginProvider {

    /**
     * The provider's local name: lower-case letters, digits and hyphens, at most 32 characters, unique
     * among the providers of one runtime. It is the {@code provider} part of the identities it
     * vouches for ({@link ExternalIdentity#provider()}), so it must not change once people signed in.
     */
    String name();

    /** What the button says after "Sign in with ", e.g. {@code Keycloak}. */
    String label();

    /**
     * Where the button leads: a path of this site that starts the sign-in and, once done, sends the
     * browser on to {@code next}.
     *
     * @param next a path of this site (already checked by the caller), e.g. {@code /admin}
     */
    String startPath(String next);

    /**
     * Where the browser goes after the local session of a person this provider signed in ended:
     * the provider's own logout (OpenID Connect RP-initiated logout), which then sends it back here.
     *
     * @return empty when the provider offers none: the browser stays on this site
     */
    Optional<String> logoutLocation();
}
