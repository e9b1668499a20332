/**
 * Signing in through another identity provider (an OpenID provider, for instance) while the
 * local accounts stay where they are.
 *
 * <p>A bundle that knows a provider registers a {@link io.github.fpauth.api.login.LoginProvider}:
 * the login page offers a "Sign in with ..." button for each one, following them as they come and
 * go. When the provider has vouched for a person, the bundle hands the
 * {@link io.github.fpauth.api.login.ExternalIdentity} to the
 * {@link io.github.fpauth.api.login.ExternalSignIn} service of the bundle that owns the accounts,
 * which links it to a local user, checks it may sign in, and starts the session.
 */
@Export
@Version("1.0.0")
package io.github.fpauth.api.login;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
