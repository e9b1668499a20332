package io.github.fpauth.testkit.oidc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Keycloak for tests: {@link #start} runs the Keycloak distribution in development mode
 * ({@code kc.sh start-dev}) on a free port of 127.0.0.1 only, with an in-memory database (every
 * start begins empty), and creates a {@link TestRealm} in it; {@link #close} stops it.
 *
 * <p><b>Java.</b> Keycloak 26 needs Java 21 or newer, while the tests may run on 17: the Keycloak
 * process runs on the JDK named by the system property {@value #JAVA_HOME_PROPERTY}, default
 * {@value #DEFAULT_JAVA_HOME}. Without one, {@link #start} fails and says what to install.
 *
 * <p><b>The distribution.</b> The zip {@code org.keycloak:keycloak-quarkus-dist} comes from Maven:
 * a consuming module declares it as a test dependency (so that Maven downloads it, on CI too) and
 * passes its path in the system property {@value #DIST_PROPERTY}, for failsafe (or surefire) as
 * follows; the versions come from the parent's management:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>org.keycloak</groupId>
 *   <artifactId>keycloak-quarkus-dist</artifactId>
 *   <type>zip</type>
 *   <scope>test</scope>
 *   <exclusions>
 *     <!-- the zip alone: its pom names the whole server as dependencies -->
 *     <exclusion>
 *       <groupId>*</groupId>
 *       <artifactId>*</artifactId>
 *     </exclusion>
 *   </exclusions>
 * </dependency>
 *
 * <plugin>
 *   <!-- sets the property org.keycloak:keycloak-quarkus-dist:zip to the zip's path -->
 *   <groupId>org.apache.maven.plugins</groupId>
 *   <artifactId>maven-dependency-plugin</artifactId>
 *   <executions>
 *     <execution>
 *       <id>keycloak-dist-path</id>
 *       <goals>
 *         <goal>properties</goal>
 *       </goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * <plugin>
 *   <groupId>org.apache.maven.plugins</groupId>
 *   <artifactId>maven-failsafe-plugin</artifactId>
 *   <configuration>
 *     <systemPropertyVariables>
 *       <fpauth.keycloak.dist>${org.keycloak:keycloak-quarkus-dist:zip}</fpauth.keycloak.dist>
 *     </systemPropertyVariables>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * <p>Without the property (a test started from an IDE) the zip of Keycloak 26.5.6 is looked up in
 * the local Maven repository.
 *
 * <p><b>Unpacking.</b> The zip is unpacked once into {@code target/keycloak-<version>} of the
 * working directory (the consuming module's, under Maven) and reused: the first start there
 * builds Keycloak's Quarkus application into it (slow), later starts reuse that build. An unpack
 * that did not complete is redone. Starts from one such directory should not overlap while its
 * first start builds.
 *
 * <p><b>The work directory</b> given to {@link #start} is emptied first; it keeps Keycloak's
 * output, {@code keycloak.log}, after {@link #close}, and its transaction log.
 *
 * <p>Nothing outlives the JVM on its own account: no shutdown hook is registered, so a test closes
 * what it starts (try-with-resources, or {@code @AfterClass}).
 */
public final class TestKeycloak implements AutoCloseable {

    /** System property: the path of the keycloak-quarkus-dist zip. */
    public static final String DIST_PROPERTY = "fpauth.keycloak.dist";

    /** System property: the home of the Java 21+ JDK that runs Keycloak. */
    public static final String JAVA_HOME_PROPERTY = "fpauth.keycloak.java.home";

    public static final String DEFAULT_JAVA_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private static final String HOST = "127.0.0.1";
    private static final String ADMIN_USERNAME = "fpauth-test-admin";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 60;
    /** Environment variables that kc.sh or Keycloak read: none may leak in from the test's JVM. */
    private static final List<String> INHERITED_SETTINGS = List.of("JAVA", "JAVA_OPTS", "JAVA_OPTS_APPEND",
            "JAVA_OPTS_KC_HEAP", "JAVA_ADD_OPENS", "JAVA_LOCALE", "DEBUG", "DEBUG_PORT", "DEBUG_SUSPEND", "PRINT_ENV");

    private final Process process;
    private final int port;
    private final TestRealm realm;
    private final Path log;
    /** Where this start's output begins in the log, which earlier attempts may have written to. */
    private final long logOffset;
    private final KeycloakAdmin admin;
    private boolean closed;

    private TestKeycloak(Process process, int port, TestRealm realm, Path log, long logOffset, String adminPassword) {
        this.process = process;
        this.port = port;
        this.realm = realm;
        this.log = log;
        this.logOffset = logOffset;
        this.admin = new KeycloakAdmin(baseUrl(), ADMIN_USERNAME, adminPassword);
    }

    /**
     * Starts Keycloak with {@code realm} and waits until the realm's discovery document answers.
     *
     * @param workDir emptied first; holds Keycloak's log and transaction log
     * @throws IllegalStateException naming what is missing (Java 21+, the distribution) or what
     *         failed, with the end of Keycloak's log
     */
    public static TestKeycloak start(Path workDir, TestRealm realm) {
        Path javaHome = KeycloakDistribution.javaHome();
        Path home = KeycloakDistribution.unpack(KeycloakDistribution.zip(), Paths.get("target").toAbsolutePath());
        Path dir = workDir.toAbsolutePath().normalize();
        KeycloakDistribution.deleteTree(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path log = dir.resolve("keycloak.log");
        String adminPassword = randomPassword();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            long logOffset = log.toFile().length();
            TestKeycloak keycloak = new TestKeycloak(launch(home, javaHome, dir, port, log, adminPassword), port,
                    realm, log, logOffset, adminPassword);
            try {
                keycloak.awaitAnswer("/realms/master/.well-known/openid-configuration", deadline);
                keycloak.admin.createRealm(realm);
                keycloak.awaitAnswer("/realms/" + realm.name() + "/.well-known/openid-configuration", deadline);
                return keycloak;
            } catch (RuntimeException e) {
                keycloak.close();
                // another process may have taken the port between its choice and Keycloak's bind
                if (attempt == 3 || !keycloak.portWasTaken()) {
                    throw e;
                }
            }
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** The realm's issuer: {@code <baseUrl>/realms/<realm>}. */
    public String issuer() {
        return baseUrl() + "/realms/" + realm.name();
    }

    public int port() {
        return port;
    }

    public TestRealm realm() {
        return realm;
    }

    /** Keycloak's output (both streams), kept after {@link #close}. */
    public Path log() {
        return log;
    }

    /** Enables or disables a user of the realm (a disabled user cannot sign in). */
    public void setUserEnabled(String username, boolean enabled) {
        admin.setUserEnabled(realm.name(), username, enabled);
    }

    /**
     * Makes {@code roles} the user's realm roles, besides Keycloak's default role; each must exist
     * in the realm ({@link TestRealm.Builder#realmRoles}). Tokens issued from then on show them.
     */
    public void setRealmRoles(String username, String... roles) {
        admin.setRealmRoles(realm.name(), username, new LinkedHashSet<>(Arrays.asList(roles)));
    }

    /** Stops Keycloak: SIGTERM (a clean shutdown), then, after a grace period, SIGKILL. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        // kc.sh passes SIGTERM on to Keycloak's JVM
        process.destroy();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            awaitExit(handle, deadline);
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            awaitExit(handle, System.nanoTime() + STOP_GRACE.toNanos());
        }
    }

    @Override
    public String toString() {
        return "TestKeycloak[" + issuer() + ", log " + log + "]";
    }

    private static Process launch(Path home, Path javaHome, Path dir, int port, Path log, String adminPassword) {
        List<String> command = List.of(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-host=" + HOST, "--http-port=" + port,
                // a fixed hostname: the issuer is the same whatever host name a request used
                "--hostname=http://" + HOST + ":" + port,
                // in memory: every start has a fresh database
                "--db=dev-mem",
                // Narayana's transaction log would otherwise go into the shared Keycloak home
                "-Dquarkus.transaction-manager.object-store.directory=" + dir.resolve("transaction-logs"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("QUARKUS_")
                || INHERITED_SETTINGS.contains(name));
        environment.put("JAVA_HOME", javaHome.toString());
        // jboss-threads needs java.lang open on Java 24+ (else stack traces at shutdown); C1 only:
        // a test's Keycloak serves few requests, and starts some 10 % faster without C2
        environment.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED -XX:TieredStopAtLevel=1");
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code path} until it answers 200; fails at the deadline or when Keycloak exits. */
    private void awaitAnswer(String path, long deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build();
        String last = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " before "
                        + path + " answered" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "status " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " of Keycloak did not answer 200 within "
                        + STARTUP_TIMEOUT.toSeconds() + " s of the start (last: " + last + ")" + logTail());
            }
            sleep(250);
        }
    }

    private boolean portWasTaken() {
        return readLog().contains("Address already in use");
    }

    private String logTail() {
        List<String> lines = readLog().lines().toList();
        return "\n--- " + log + " (last lines)\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    /** This start's part of the log. */
    private String readLog() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void awaitExit(ProcessHandle handle, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !handle.isAlive()) {
            return;
        }
        try {
            handle.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still alive: the caller forces it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
