/**
 * How a route declares what it needs: {@link io.github.fpauth.api.route.RequireAuthentication}
 * and {@link io.github.fpauth.api.route.RequireRole} on a DS whiteboard servlet component, or the
 * service properties named in {@link io.github.fpauth.api.route.RouteRequirements} for code
 * that registers servlets by hand.
 */
@Export
@Version("1.0.0")
package io.github.fpauth.api.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
