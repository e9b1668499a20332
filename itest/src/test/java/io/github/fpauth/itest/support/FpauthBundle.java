package io.github.fpauth.itest.support;

import org.ops4j.pax.exam.options.ProvisionOption;

/**
 * The fpauth bundles. They are installed from the files named by the system properties
 * {@code fpauth.itest.bundle.<artifactId>}: during a reactor build they are not in any
 * repository yet, so they must come from the reactor's {@code target/} folders (the pax-exam
 * kit would fall back to Maven coordinates; here a missing file is an error instead).
 */
public enum FpauthBundle {
    API("auth-api-bundle", "io.github.fpauth.api"),
    CORE("core-bundle", "io.github.fpauth.core"),
    JAKARTA("jakarta-bundle", "io.github.fpauth.jakarta"),
    /** Part of the web runtime itself (see {@code FpauthExamOptions}); listed here to be stopped and started. */
    JETTY12("jetty12-bundle", "io.github.fpauth.jetty12"),
    USER("auth-user-bundle", "io.github.fpauth.user"),
    PROXY("auth-proxy-bundle", "io.github.fpauth.proxy");

    private final String artifactId;
    private final String symbolicName;

    FpauthBundle(String artifactId, String symbolicName) {
        this.artifactId = artifactId;
        this.symbolicName = symbolicName;
    }

    public String symbolicName() {
        return symbolicName;
    }

    /** Installs and starts this bundle. */
    public ProvisionOption<?> option() {
        String file = RuntimeBundle.localFile(artifactId);
        if (file == null) {
            throw new IllegalStateException("set " + RuntimeBundle.LOCATION_PROPERTY_PREFIX + artifactId
                    + " to the file of the " + symbolicName + " bundle");
        }
        return FpauthExamOptions.BUNDLES.bundle(artifactId);
    }
}
