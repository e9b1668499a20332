package io.github.fpauth.itest.support;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import org.ops4j.pax.exam.Option;

import io.github.fpauth.exam.FpauthBundles;
import io.github.fpauth.exam.FpauthOptions;

/**
 * pax-exam options for an fpauth web runtime in Felix: the reusable part of the integration
 * tests (a test class adds the fpauth bundles it needs and whatever is its own). It delegates
 * to the kit downstream users get ({@code io.github.fpauth:fpauth-exam}, {@link FpauthOptions}),
 * with the bundle files the build hands over.
 *
 * <pre>
 * &#64;Configuration
 * public Option[] config() {
 *     return OptionUtils.combine(FpauthExamOptions.webRuntime(FpauthExamOptions.freePort()),
 *             FpauthBundle.API.option(), FpauthBundle.CORE.option());
 * }
 * </pre>
 */
public final class FpauthExamOptions {

    /** The framework property Felix HTTP reads its port from; tests read it back in the container. */
    public static final String HTTP_PORT_PROPERTY = FpauthOptions.HTTP_PORT_PROPERTY;

    /** The framework property the auth-user bundle takes the first admin's password from. */
    public static final String ADMIN_PASSWORD_PROPERTY = FpauthOptions.ADMIN_PASSWORD_PROPERTY;

    /**
     * The kit's bundles, each from the file the build names in {@code fpauth.itest.bundle.<artifactId>}
     * (the reactor's jars, the files Maven resolved), else by Maven coordinates.
     */
    static final FpauthBundles BUNDLES = FpauthBundles.fromFilesOrMaven(RuntimeBundle.LOCATION_PROPERTY_PREFIX);

    /** The first admin's password in every test runtime (a test value, never a product default). */
    public static final String ADMIN_PASSWORD = "itest-Admin-pw-7f3c";

    private FpauthExamOptions() {
    }

    /**
     * Felix with DS, ConfigAdmin, Metatype, Felix HTTP on {@code 127.0.0.1:httpPort}, Gogo
     * runtime, pax-logging at INFO, JUnit for in-container tests, and {@link #ADMIN_PASSWORD} as
     * the first admin's password.
     */
    public static Option webRuntime(int httpPort) {
        return webRuntime(httpPort, ADMIN_PASSWORD);
    }

    /**
     * As {@link #webRuntime(int)}, with the given first admin's password; {@code null} sets none.
     * The runtime comes from the fpauth pax-exam kit, as downstream users get it.
     */
    public static Option webRuntime(int httpPort, String adminPassword) {
        return composite(FpauthOptions.httpPort(httpPort), FpauthOptions.adminPassword(adminPassword),
                BUNDLES.runtime(), BUNDLES.gogo(), junitBundles());
    }

    /** A TCP port free on the loopback interface right now. */
    public static int freePort() {
        return FpauthOptions.freePort();
    }
}
