/**
 * What the fpauth core offers to the adapters that guard the routes of another servlet
 * whiteboard, such as fpauth's Jakarta Servlet Whiteboard bundle: the very javax filters the core
 * places on the Http Whiteboard, and where to place them. An adapter only translates between
 * servlet APIs; every decision (who the user is, what a route requires, which answer a refused
 * request gets, what happens while managers come and go) stays in the core.
 */
@Export
@Version("1.1.0")
package io.github.fpauth.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
