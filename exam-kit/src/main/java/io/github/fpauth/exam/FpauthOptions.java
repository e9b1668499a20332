package io.github.fpauth.exam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

/**
 * pax-exam options that provision fpauth with its runtime, for integration tests of code built
 * on fpauth:
 *
 * <pre>
 * &#64;Configuration
 * public Option[] config() {
 *     return new Option[] {
 *         FpauthOptions.fpauth(),                       // Felix HTTP, DS, Config Admin, Metatype, pax-logging, fpauth API + core
 *         FpauthOptions.authUser("a-test-password"),    // the auth_user manager; user admin (fp_admin) with this password
 *         FpauthOptions.httpPort(8181),
 *         CoreOptions.junitBundles(),
 *         CoreOptions.bundle("file:target/classes"),    // your bundle
 *     };
 * }
 * </pre>
 *
 * <p>Bundles come by their Maven coordinates (versions fixed when this kit was built); a system
 * property {@value #BUNDLE_FILE_PROPERTY_PREFIX}{@code <artifactId>} substitutes a file (see
 * {@link FpauthBundles}).
 */
public final class FpauthOptions {

    /** Prefix of the system properties that substitute a bundle's file, followed by its artifactId. */
    public static final String BUNDLE_FILE_PROPERTY_PREFIX = "fpauth.exam.bundle.";

    /** The framework property Felix HTTP takes its port from. */
    public static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";

    /** The framework property the auth-user bundle takes the first admin's password from. */
    public static final String ADMIN_PASSWORD_PROPERTY = "fpauth.admin.password";

    private static final FpauthBundles BUNDLES = FpauthBundles.fromFilesOrMaven(BUNDLE_FILE_PROPERTY_PREFIX);

    private FpauthOptions() {
    }

    /**
     * Felix HTTP (Jetty 12, javax and Jakarta whiteboards), DS, Config Admin, Metatype,
     * pax-logging at INFO, the fpauth API, the core and its Jakarta bundle.
     */
    public static Option fpauth() {
        return BUNDLES.fpauth();
    }

    /**
     * The auth_user manager. On its first start it creates user {@code admin} (role
     * {@code fp_admin}) with {@code adminPassword}; {@code null} leaves the password to the
     * environment ({@code FPAUTH_ADMIN_PASSWORD}) or to a generated one.
     */
    public static Option authUser(String adminPassword) {
        return CoreOptions.composite(adminPassword(adminPassword), BUNDLES.bundle(FpauthBundles.AUTH_USER));
    }

    /** The Gogo runtime, for fpauth's shell commands. */
    public static Option gogo() {
        return BUNDLES.gogo();
    }

    /** The first admin's password ({@value #ADMIN_PASSWORD_PROPERTY}); {@code null} sets none. */
    public static Option adminPassword(String adminPassword) {
        return adminPassword == null ? CoreOptions.composite()
                : CoreOptions.frameworkProperty(ADMIN_PASSWORD_PROPERTY).value(adminPassword);
    }

    /** Felix HTTP on {@code 127.0.0.1:port}: loopback only, a test runtime is nobody else's business. */
    public static Option httpPort(int port) {
        return CoreOptions.composite(
                CoreOptions.frameworkProperty(HTTP_PORT_PROPERTY).value(Integer.toString(port)),
                CoreOptions.frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
    }

    /** A TCP port free on the loopback interface right now, for {@link #httpPort(int)}. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The bundles behind these options, from files or Maven the same way, one by one. */
    public static FpauthBundles bundles() {
        return BUNDLES;
    }
}
