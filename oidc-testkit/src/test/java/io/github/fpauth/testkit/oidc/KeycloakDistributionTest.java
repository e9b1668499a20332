package io.github.fpauth.testkit.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** What TestKeycloak needs before Keycloak runs: the JDK, the zip and its unpacking; no Keycloak starts here. */
public class KeycloakDistributionTest {

    private static final Path DIR = Paths.get("target", "keycloak-distribution-test");

    private String distProperty;
    private String javaHomeProperty;

    @Before
    public void saveProperties() {
        distProperty = System.getProperty(TestKeycloak.DIST_PROPERTY);
        javaHomeProperty = System.getProperty(TestKeycloak.JAVA_HOME_PROPERTY);
        KeycloakDistribution.deleteTree(DIR);
    }

    @After
    public void restoreProperties() {
        restore(TestKeycloak.DIST_PROPERTY, distProperty);
        restore(TestKeycloak.JAVA_HOME_PROPERTY, javaHomeProperty);
    }

    @Test
    public void aMissingJdkFailsSayingWhatToInstall() {
        System.setProperty(TestKeycloak.JAVA_HOME_PROPERTY, DIR.resolve("no-jdk").toString());
        String message = assertThrows(IllegalStateException.class, KeycloakDistribution::javaHome).getMessage();
        assertTrue(message, message.contains("no JDK at"));
        assertTrue(message, message.contains("needs Java 21 or newer"));
        assertTrue(message, message.contains("-D" + TestKeycloak.JAVA_HOME_PROPERTY + "="));
    }

    @Test
    public void aJdkOlderThan21IsRefused() throws Exception {
        Path jdk = fakeJdk("17.0.15");
        System.setProperty(TestKeycloak.JAVA_HOME_PROPERTY, jdk.toString());
        String message = assertThrows(IllegalStateException.class, KeycloakDistribution::javaHome).getMessage();
        assertTrue(message, message.contains("is Java 17"));

        Path newer = fakeJdk("25.0.3");
        System.setProperty(TestKeycloak.JAVA_HOME_PROPERTY, newer.toString());
        assertEquals(newer, KeycloakDistribution.javaHome());
    }

    @Test
    public void aMissingOrUnresolvedDistributionFailsNamingThePomWiring() {
        System.setProperty(TestKeycloak.DIST_PROPERTY, DIR.resolve("absent.zip").toString());
        String message = assertThrows(IllegalStateException.class, KeycloakDistribution::zip).getMessage();
        assertTrue(message, message.contains("Keycloak distribution not found at"));
        assertTrue(message, message.contains("org.keycloak:keycloak-quarkus-dist:26.5.6 (type zip)"));

        System.setProperty(TestKeycloak.DIST_PROPERTY, "${org.keycloak:keycloak-quarkus-dist:zip}");
        message = assertThrows(IllegalStateException.class, KeycloakDistribution::zip).getMessage();
        assertTrue(message, message.contains("\"properties\" goal"));
    }

    @Test
    public void theModulesOwnWiringNamesTheZipFromMaven() {
        // set by this module's pom exactly as TestKeycloak's javadoc tells consumers
        Path zip = KeycloakDistribution.zip();
        assertTrue(zip.toString(), zip.toString().endsWith("keycloak-quarkus-dist-26.5.6.zip"));
        assertEquals(zip.toString(), distProperty);
    }

    @Test
    public void theZipIsUnpackedOnceAndAnIncompleteUnpackIsRedone() throws Exception {
        Files.createDirectories(DIR);
        Path zip = DIR.resolve("keycloak-0.1.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("keycloak-0.1/"));
            out.putNextEntry(new ZipEntry("keycloak-0.1/bin/kc.sh"));
            out.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("keycloak-0.1/lib/quarkus-run.jar"));
            out.write(1);
        }
        Path root = DIR.resolve("unpacked");
        Path home = KeycloakDistribution.unpack(zip, root);
        assertEquals(root.resolve("keycloak-0.1"), home);
        assertTrue(Files.isExecutable(home.resolve("bin").resolve("kc.sh")));

        // what a first start writes is kept
        Files.writeString(home.resolve("lib").resolve("build"), "built");
        assertEquals(home, KeycloakDistribution.unpack(zip, root));
        assertTrue(Files.exists(home.resolve("lib").resolve("build")));

        // an unpack that did not finish has no marker: it is done again from scratch
        Files.delete(home.resolve(".fpauth-unpacked"));
        KeycloakDistribution.unpack(zip, root);
        assertFalse(Files.exists(home.resolve("lib").resolve("build")));
        assertTrue(Files.exists(home.resolve("lib").resolve("quarkus-run.jar")));
    }

    private static Path fakeJdk(String version) throws Exception {
        Path jdk = DIR.resolve("jdk-" + version);
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        assertTrue(java.toFile().setExecutable(true));
        try (OutputStream out = Files.newOutputStream(jdk.resolve("release"))) {
            out.write(("JAVA_VERSION=\"" + version + "\"\n").getBytes(StandardCharsets.UTF_8));
        }
        return jdk;
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
