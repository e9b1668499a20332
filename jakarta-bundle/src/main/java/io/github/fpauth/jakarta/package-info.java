/**
 * fpauth for servlets of the Jakarta Servlet Whiteboard: {@link io.github.fpauth.jakarta.CurrentUser}
 * reads a Jakarta request's user as {@link io.github.fpauth.api.CurrentUser} reads a javax one.
 * Routes declare their requirements with the same service properties
 * ({@link io.github.fpauth.api.route.RouteRequirements}) and component property types.
 */
@Export
@Version("1.0.0")
package io.github.fpauth.jakarta;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
