package io.github.fpauth.itest.support;

import org.ops4j.pax.exam.options.ProvisionOption;

/**
 * The third-party bundles of an fpauth web runtime: Declarative Services, Configuration Admin,
 * Metatype, Felix HTTP (Jetty 12, the javax Http Whiteboard and the Jakarta Servlet Whiteboard), Gogo and pax-logging.
 *
 * <p>Each is installed by the fpauth pax-exam kit ({@code fpauth-exam}): from the file named by
 * the system property {@code fpauth.itest.bundle.<artifactId>} when set (the build passes the
 * files Maven resolved, so the test run needs no network), else from the Maven coordinates the
 * kit was built with, through pax-url.
 */
public enum RuntimeBundle {
    PAX_LOGGING_API("pax-logging-api"),
    PAX_LOGGING_LOG4J2("pax-logging-log4j2"),
    CONFIGADMIN("org.apache.felix.configadmin"),
    OSGI_UTIL_FUNCTION("org.osgi.util.function"),
    OSGI_UTIL_PROMISE("org.osgi.util.promise"),
    OSGI_SERVICE_COMPONENT("org.osgi.service.component"),
    SCR("org.apache.felix.scr"),
    METATYPE("org.apache.felix.metatype"),
    SERVLET_API("org.apache.felix.http.servlet-api"),
    COMMONS_IO("commons-io"),
    COMMONS_FILEUPLOAD("commons-fileupload"),
    HTTP_JETTY("org.apache.felix.http.jetty12"),
    GOGO_RUNTIME("org.apache.felix.gogo.runtime");

    /** Prefix of the system properties naming a bundle's file, followed by its artifactId. */
    public static final String LOCATION_PROPERTY_PREFIX = "fpauth.itest.bundle.";

    private final String artifactId;

    RuntimeBundle(String artifactId) {
        this.artifactId = artifactId;
    }

    /** Installs (and starts) this bundle. */
    public ProvisionOption<?> option() {
        return FpauthExamOptions.BUNDLES.bundle(artifactId);
    }

    /**
     * The {@code file:} URL of the artifact named by {@code fpauth.itest.bundle.<artifactId>},
     * or {@code null} when the property is not set.
     *
     * @throws IllegalStateException when the property names a file that does not exist
     */
    static String localFile(String artifactId) {
        return FpauthExamOptions.BUNDLES.file(artifactId).orElse(null);
    }
}
