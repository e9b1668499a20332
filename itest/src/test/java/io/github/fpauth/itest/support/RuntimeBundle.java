package io.github.fpauth.itest.support;

import java.io.File;

import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.options.ProvisionOption;

/**
 * The third-party bundles of an fpauth web runtime: Declarative Services, Configuration Admin,
 * Metatype, Felix HTTP (Jetty, javax whiteboard), Gogo and pax-logging.
 *
 * <p>Each is installed from the file named by the system property
 * {@code fpauth.itest.bundle.<artifactId>} when set (the build passes the files Maven resolved,
 * so the test run needs no network), else from its Maven coordinates through pax-url.
 */
public enum RuntimeBundle {
    PAX_LOGGING_API("org.ops4j.pax.logging", "pax-logging-api", "2.2.8"),
    PAX_LOGGING_LOG4J2("org.ops4j.pax.logging", "pax-logging-log4j2", "2.2.8"),
    CONFIGADMIN("org.apache.felix", "org.apache.felix.configadmin", "1.9.26"),
    OSGI_UTIL_FUNCTION("org.osgi", "org.osgi.util.function", "1.2.0"),
    OSGI_UTIL_PROMISE("org.osgi", "org.osgi.util.promise", "1.3.0"),
    OSGI_SERVICE_COMPONENT("org.osgi", "org.osgi.service.component", "1.5.1"),
    SCR("org.apache.felix", "org.apache.felix.scr", "2.2.18"),
    METATYPE("org.apache.felix", "org.apache.felix.metatype", "1.2.4"),
    SERVLET_API("org.apache.felix", "org.apache.felix.http.servlet-api", "1.2.0"),
    HTTP_JETTY("org.apache.felix", "org.apache.felix.http.jetty", "4.2.10"),
    GOGO_RUNTIME("org.apache.felix", "org.apache.felix.gogo.runtime", "1.1.6");

    /** Prefix of the system properties naming a bundle's file, followed by its artifactId. */
    public static final String LOCATION_PROPERTY_PREFIX = "fpauth.itest.bundle.";

    private final String groupId;
    private final String artifactId;
    private final String version;

    RuntimeBundle(String groupId, String artifactId, String version) {
        this.groupId = groupId;
        this.artifactId = artifactId;
        this.version = version;
    }

    /** Installs (and starts) this bundle. */
    public ProvisionOption<?> option() {
        String file = localFile(artifactId);
        return file != null ? CoreOptions.bundle(file) : CoreOptions.mavenBundle(groupId, artifactId, version);
    }

    /**
     * The {@code file:} URL of the artifact named by {@code fpauth.itest.bundle.<artifactId>},
     * or {@code null} when the property is not set.
     *
     * @throws IllegalStateException when the property names a file that does not exist
     */
    static String localFile(String artifactId) {
        String path = System.getProperty(LOCATION_PROPERTY_PREFIX + artifactId);
        if (path == null || path.isBlank()) {
            return null;
        }
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalStateException(LOCATION_PROPERTY_PREFIX + artifactId + " names no file: " + path);
        }
        return file.toURI().toString();
    }
}
