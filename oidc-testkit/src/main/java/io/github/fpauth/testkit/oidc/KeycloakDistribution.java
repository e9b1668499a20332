package io.github.fpauth.testkit.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the Keycloak distribution zip and the Java 21+ to run it on, and unpacks the zip once into
 * a directory that later starts reuse (the first {@code start-dev} writes its Quarkus build there,
 * which makes every later start faster).
 */
final class KeycloakDistribution {

    /** The version that {@link #defaultZip()} looks for; the one of the parent pom's dependencyManagement. */
    static final String VERSION = "26.5.6";

    /** Written last into an unpacked distribution: without it the directory is unpacked anew. */
    private static final String COMPLETE_MARKER = ".fpauth-unpacked";
    private static final int MINIMUM_JAVA = 21;

    private KeycloakDistribution() {
    }

    /** The zip named by {@value TestKeycloak#DIST_PROPERTY}, else the one in the local Maven repository. */
    static Path zip() {
        String configured = System.getProperty(TestKeycloak.DIST_PROPERTY, "").trim();
        if (configured.contains("${")) {
            // the pom passed the property of maven-dependency-plugin's "properties" goal, which did not run
            throw new IllegalStateException("system property " + TestKeycloak.DIST_PROPERTY + " is the unresolved "
                    + configured + ": the pom must run maven-dependency-plugin's \"properties\" goal and declare "
                    + "org.keycloak:keycloak-quarkus-dist (type zip) as a dependency; see TestKeycloak's javadoc");
        }
        Path zip = configured.isEmpty() ? defaultZip() : Paths.get(configured);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip + " ("
                    + (configured.isEmpty() ? "the local Maven repository; system property " + TestKeycloak.DIST_PROPERTY
                            + " not set" : "system property " + TestKeycloak.DIST_PROPERTY)
                    + "). Declare the test dependency org.keycloak:keycloak-quarkus-dist:" + VERSION
                    + " (type zip) and pass its path as shown in TestKeycloak's javadoc, so that Maven downloads it");
        }
        return zip;
    }

    private static Path defaultZip() {
        String repository = System.getProperty("maven.repo.local", "").trim();
        Path root = repository.isEmpty()
                ? Paths.get(System.getProperty("user.home"), ".m2", "repository")
                : Paths.get(repository);
        return root.resolve(Paths.get("org", "keycloak", "keycloak-quarkus-dist", VERSION,
                "keycloak-quarkus-dist-" + VERSION + ".zip"));
    }

    /**
     * The JDK of {@value TestKeycloak#JAVA_HOME_PROPERTY} (default
     * {@value TestKeycloak#DEFAULT_JAVA_HOME}), checked to be Java 21 or newer.
     */
    static Path javaHome() {
        Path home = Paths.get(System.getProperty(TestKeycloak.JAVA_HOME_PROPERTY, TestKeycloak.DEFAULT_JAVA_HOME));
        String install = " Keycloak " + VERSION + " needs Java " + MINIMUM_JAVA + " or newer (the tests themselves"
                + " may run on 17): install such a JDK (Temurin 25 in " + TestKeycloak.DEFAULT_JAVA_HOME
                + " is the default) or name its directory with -D" + TestKeycloak.JAVA_HOME_PROPERTY + "=...";
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw new IllegalStateException("no JDK at " + home + " (no bin/java)." + install);
        }
        int major = javaMajorVersion(home);
        if (major < MINIMUM_JAVA) {
            throw new IllegalStateException("the JDK at " + home + " is Java " + major + "." + install);
        }
        return home;
    }

    /** The feature version in the JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"}: 25). */
    private static int javaMajorVersion(Path home) {
        Path release = home.resolve("release");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Java version of " + home + " from " + release, e);
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        try {
            return Integer.parseInt(feature.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("no Java version in " + release + ": JAVA_VERSION=" + version, e);
        }
    }

    /**
     * The Keycloak home unpacked from {@code zip} into {@code root}: {@code root/keycloak-<version>},
     * reused when complete, unpacked anew when an earlier unpack did not finish. A file lock keeps
     * two JVMs (parallel test forks) from unpacking into the same directory at once.
     */
    static Path unpack(Path zip, Path root) {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String top = topDirectory(archive, zip);
            Files.createDirectories(root);
            Path home = root.resolve(top);
            try (FileChannel channel = FileChannel.open(root.resolve(top + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // released when the channel closes
                channel.lock();
                if (Files.exists(home.resolve(COMPLETE_MARKER))) {
                    return home;
                }
                deleteTree(home);
                extract(archive, root);
                makeScriptsExecutable(home.resolve("bin"));
                Files.writeString(home.resolve(COMPLETE_MARKER), zip + "\n", StandardCharsets.UTF_8);
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + root, e);
        }
    }

    /** The distribution's single top-level directory ({@code keycloak-26.5.6}). */
    private static String topDirectory(ZipFile archive, Path zip) {
        Enumeration<? extends ZipEntry> entries = archive.entries();
        if (!entries.hasMoreElements()) {
            throw new IllegalStateException("empty zip: " + zip);
        }
        String first = entries.nextElement().getName();
        int slash = first.indexOf('/');
        if (slash <= 0 || !first.startsWith("keycloak-")) {
            throw new IllegalStateException(zip + " is not a Keycloak distribution (first entry " + first + ")");
        }
        return first.substring(0, slash);
    }

    private static void extract(ZipFile archive, Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Enumeration<? extends ZipEntry> entries = archive.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            Path target = base.resolve(entry.getName()).normalize();
            if (!target.startsWith(base)) {
                throw new IOException("zip entry outside the target directory: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** java.util.zip drops the Unix modes of the entries. */
    private static void makeScriptsExecutable(Path bin) throws IOException {
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(bin, "*.sh")) {
            for (Path script : scripts) {
                if (!script.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + script + " executable");
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
