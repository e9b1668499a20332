package io.github.fpauth.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.options.ProvisionOption;

public class FpauthBundlesTest {

    private static final String PREFIX = "fpauth.exam.test.bundle.";

    @After
    public void clearProperties() {
        System.clearProperty(PREFIX + FpauthBundles.CORE);
    }

    @Test
    public void everyBundleHasCompleteCoordinatesFilledInByTheBuild() {
        FpauthBundles bundles = FpauthBundles.fromFilesOrMaven(PREFIX);
        for (String artifactId : new String[] {FpauthBundles.API, FpauthBundles.CORE, FpauthBundles.JAKARTA, FpauthBundles.AUTH_USER,
                FpauthBundles.GOGO_RUNTIME, "org.apache.felix.scr", "org.apache.felix.http.jetty12", "pax-logging-api"}) {
            String gav = bundles.coordinates(artifactId);
            assertFalse(gav, gav.contains("${"));
            String[] parts = gav.split(":");
            assertEquals(gav, 3, parts.length);
            assertEquals(gav, artifactId, parts[1]);
        }
    }

    @Test
    public void bundlesComeByMavenCoordinatesByDefault() {
        ProvisionOption<?> core = FpauthBundles.fromFilesOrMaven(PREFIX).bundle(FpauthBundles.CORE);
        assertTrue(core.getURL(), core.getURL().startsWith("mvn:io.github.fpauth/core-bundle/"));
    }

    @Test
    public void aSystemPropertySubstitutesAFile() throws Exception {
        Path jar = Files.createTempFile("core-bundle", ".jar");
        try {
            System.setProperty(PREFIX + FpauthBundles.CORE, jar.toString());
            ProvisionOption<?> core = FpauthBundles.fromFilesOrMaven(PREFIX).bundle(FpauthBundles.CORE);
            assertEquals(jar.toFile().toURI().toString(), core.getURL());
        } finally {
            Files.delete(jar);
        }
    }

    @Test
    public void aPropertyNamingNoFileIsAnError() {
        System.setProperty(PREFIX + FpauthBundles.CORE, new File("target/no-such.jar").getAbsolutePath());
        FpauthBundles bundles = FpauthBundles.fromFilesOrMaven(PREFIX);
        assertThrows(IllegalStateException.class, () -> bundles.bundle(FpauthBundles.CORE));
    }

    @Test
    public void anUnknownBundleIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> FpauthBundles.fromFilesOrMaven(PREFIX).bundle("no-such-bundle"));
    }
}
