package io.github.fpauth.exam;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.ProvisionOption;

/**
 * Where the bundles of an fpauth runtime come from, and the pax-exam options that install them.
 *
 * <p>Every bundle is known by its artifactId; its Maven coordinates (versions filled in when the
 * kit was built, from {@code bundles.properties}) are used through pax-url's {@code mvn:} handler,
 * unless a system property {@code <prefix><artifactId>} names a file: then that file is installed.
 * The second way lets a build hand over jars that are in no repository yet (fpauth's own
 * integration tests install the reactor's jars so), or keeps a test run off the network.
 */
public final class FpauthBundles {

    public static final String API = "auth-api-bundle";
    public static final String CORE = "core-bundle";
    public static final String JAKARTA = "jakarta-bundle";
    public static final String JETTY12 = "jetty12-bundle";
    public static final String AUTH_USER = "auth-user-bundle";
    public static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime";

    /**
     * The third-party runtime in installation order: logging first, so that every later bundle
     * logs through it; the DS runtime after its API dependencies; HTTP after the servlet API.
     */
    private static final List<String> RUNTIME = List.of(
            "pax-logging-api",
            "pax-logging-log4j2",
            "org.apache.felix.configadmin",
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.scr",
            "org.apache.felix.metatype",
            "org.apache.felix.http.servlet-api",
            "commons-io",
            "commons-fileupload",
            "org.apache.felix.http.jetty12",
            JETTY12);

    private static final String COORDINATES = "bundles.properties";

    private final Properties coordinates;
    private final String filePropertyPrefix;

    private FpauthBundles(String filePropertyPrefix) {
        this.filePropertyPrefix = filePropertyPrefix;
        this.coordinates = loadCoordinates();
    }

    /**
     * Bundles from the files named by system properties {@code <prefix><artifactId>} where set,
     * else by Maven coordinates.
     */
    public static FpauthBundles fromFilesOrMaven(String systemPropertyPrefix) {
        return new FpauthBundles(systemPropertyPrefix);
    }

    /**
     * The web runtime: pax-logging, Config Admin, DS, Metatype, Felix HTTP (Jetty 12, the javax
     * Http Whiteboard and the Jakarta Servlet Whiteboard) with fpauth's Jetty 12 connector guard,
     * set up as in fpauth's own runtime: the guard in Felix HTTP's connector customizer slot, and
     * the core's firewall refusing (503) any request the guard has not checked.
     */
    public Option runtime() {
        List<Option> options = new ArrayList<>();
        // pax-logging would log at DEBUG without this
        options.add(CoreOptions.frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        options.add(CoreOptions.frameworkProperty("org.apache.felix.proxy.load.balancer.connection.enable").value("true"));
        options.add(CoreOptions.frameworkProperty("fpauth.connector.guard.required").value("true"));
        for (String artifactId : RUNTIME) {
            options.add(bundle(artifactId));
        }
        return CoreOptions.composite(options.toArray(new Option[0]));
    }

    /** The runtime, the fpauth API, the core, and its Jakarta Servlet Whiteboard bundle. */
    public Option fpauth() {
        return CoreOptions.composite(runtime(), bundle(API), bundle(CORE), bundle(JAKARTA));
    }

    /** The Gogo runtime, for fpauth's shell commands ({@code fpauth:status}, {@code fpauth:useradd}...). */
    public Option gogo() {
        return bundle(GOGO_RUNTIME);
    }

    /** Installs and starts one known bundle. */
    public ProvisionOption<?> bundle(String artifactId) {
        Optional<String> file = file(artifactId);
        if (file.isPresent()) {
            return CoreOptions.bundle(file.get());
        }
        String[] gav = coordinates(artifactId).split(":");
        return CoreOptions.mavenBundle(gav[0], gav[1], gav[2]);
    }

    /**
     * The {@code file:} URL named by the system property {@code <prefix><artifactId>}, if set.
     *
     * @throws IllegalStateException when the property names no file
     */
    public Optional<String> file(String artifactId) {
        String path = System.getProperty(filePropertyPrefix + artifactId);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalStateException(filePropertyPrefix + artifactId + " names no file: " + path);
        }
        return Optional.of(file.toURI().toString());
    }

    /** {@code groupId:artifactId:version} of a known bundle. */
    public String coordinates(String artifactId) {
        String gav = coordinates.getProperty(artifactId);
        if (gav == null) {
            throw new IllegalArgumentException("not a bundle of the fpauth kit: " + artifactId
                    + "; known: " + coordinates.stringPropertyNames());
        }
        return gav.trim();
    }

    private static Properties loadCoordinates() {
        Properties properties = new Properties();
        try (InputStream in = FpauthBundles.class.getResourceAsStream(COORDINATES)) {
            if (in == null) {
                throw new IllegalStateException(COORDINATES + " is missing from the fpauth kit");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COORDINATES, e);
        }
        return properties;
    }
}
