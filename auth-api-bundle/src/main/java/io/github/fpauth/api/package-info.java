/**
 * The fpauth contract.
 *
 * <p>An {@link io.github.fpauth.api.AuthManager} service turns a request into an
 * {@link io.github.fpauth.api.AuthResult}; the fpauth core follows these services as they come
 * and go and exposes the outcome to every servlet and filter through
 * {@link io.github.fpauth.api.CurrentUser}. When no manager is active, every request is
 * {@link io.github.fpauth.api.AuthUser#ANONYMOUS anonymous} and every route is open.
 */
@Export
@Version("1.2.0")
package io.github.fpauth.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
