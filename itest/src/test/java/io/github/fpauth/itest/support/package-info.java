/**
 * The reusable part of the fpauth integration tests. The runtime and the bundles come from the
 * pax-exam kit downstream users get ({@code io.github.fpauth:fpauth-exam}); this package adds
 * what only fpauth's own tests need.
 *
 * <ul>
 * <li>{@link io.github.fpauth.itest.support.FpauthExamOptions}: pax-exam options for a Felix web
 * runtime (DS, ConfigAdmin, Metatype, Felix HTTP Jetty on a loopback port, Gogo runtime,
 * pax-logging at INFO, JUnit) plus {@link io.github.fpauth.itest.support.FpauthBundle} for the
 * fpauth bundles.</li>
 * <li>Bundle files come from system properties {@code fpauth.itest.bundle.<artifactId>} (the build
 * passes what Maven resolved, reactor bundles included) so a test run needs no network;
 * pax-exam's own bundles resolve through pax-url from the local repository only (see the
 * {@code itest} pom's failsafe configuration).</li>
 * <li>{@link io.github.fpauth.itest.support.FpauthTestSupport}: base class with HTTP, polling,
 * bundles, services, configuration and Gogo helpers that undo their changes after each test.</li>
 * <li>Test doubles: {@link io.github.fpauth.itest.support.WhoAmIServlet} reports what a request
 * looked like; {@link io.github.fpauth.itest.support.HeaderAuthManager} is a header-based
 * AuthManager.</li>
 * </ul>
 */
package io.github.fpauth.itest.support;
