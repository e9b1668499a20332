package io.github.fpauth.itest.support;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * pax-exam options for an fpauth web runtime in Felix: the reusable part of the integration
 * tests (a test class adds the fpauth bundles it needs and whatever is its own).
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
    public static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";

    /** The framework property the auth-user bundle takes the first admin's password from. */
    public static final String ADMIN_PASSWORD_PROPERTY = "fpauth.admin.password";

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

    /** As {@link #webRuntime(int)}, with the given first admin's password; {@code null} sets none. */
    public static Option webRuntime(int httpPort, String adminPassword) {
        List<Option> options = new ArrayList<>();
        options.add(frameworkProperty(HTTP_PORT_PROPERTY).value(Integer.toString(httpPort)));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        if (adminPassword != null) {
            options.add(frameworkProperty(ADMIN_PASSWORD_PROPERTY).value(adminPassword));
        }
        // pax-logging would log at DEBUG without this
        options.add(frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        for (RuntimeBundle bundle : RuntimeBundle.values()) {
            options.add(bundle.option());
        }
        options.add(junitBundles());
        return composite(options.toArray(new Option[0]));
    }

    /** A TCP port free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
