package io.github.fpauth.itest.karaf;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What every Karaf test class shares: one real Apache Karaf from the distribution on Maven
 * Central, unpacked below target/, offline, with the fpauth features repository registered
 * exactly as a user registers it, plus HTTP, shell and polling helpers used inside Karaf.
 */
public abstract class KarafTestSupport {

    /** The admin password auth-user bootstraps with (framework property fpauth.admin.password). */
    static final String ADMIN_PASSWORD_PROPERTY_VALUE = "karaf-itest-Admin-pw1";

    /** The features repository URL a Karaf user adds with feature:repo-add. */
    static final String FEATURES_REPOSITORY = "mvn:io.github.fpauth/karaf-features/"
            + System.getProperty("fpauth.itest.version", "0.1.0-SNAPSHOT") + "/xml/features";

    private static final String HTTP_PORT_PROPERTY = "fpauth.itest.http.port";
    private static final long POLL_TIMEOUT_MILLIS = 30_000;

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /**
     * The options of a Karaf with the given fpauth features installed at boot. Runs in the test
     * driver, before Karaf exists.
     */
    protected static Option[] karafWith(String... bootFeatures) {
        String distribution = required("fpauth.itest.karaf.distribution");
        String karafVersion = required("fpauth.itest.karaf.version");
        Path repository = Paths.get(required("fpauth.itest.karaf.repository")).toAbsolutePath();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        // An empty local repository: a stale fpauth SNAPSHOT in ~/.m2 must never stand in for
        // the bundles of this build.
        Path emptyLocalRepository = tmp.resolve("karaf-local-repository");
        createDirectories(emptyLocalRepository);
        int httpPort = freePort();
        int sshPort = freePort();

        List<Option> options = new ArrayList<>();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(new File(distribution).toURI().toString())
                .karafVersion(karafVersion)
                .name("Apache Karaf")
                .unpackDirectory(tmp.resolve("karaf").toFile())
                .useDeployFolder(false));
        options.add(configureConsole().ignoreLocalConsole());
        options.add(logLevel(LogLevel.INFO));
        options.add(systemTimeout(TimeUnit.MINUTES.toMillis(2)));

        // Karaf's Maven resolver: its own system/ folder and this build's repository, no network.
        String pid = "etc/org.ops4j.pax.url.mvn.cfg";
        options.add(editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}system@id=system.repository@snapshots,"
                        + repository.toUri() + "@id=fpauth.itest@snapshots"));
        options.add(editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.repositories", ""));
        options.add(editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.localRepository",
                emptyLocalRepository.toString()));
        options.add(editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.offline", "true"));

        // Ports of our own, so parallel builds on one machine do not collide.
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                Integer.toString(httpPort)));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort)));
        options.add(editConfigurationFilePut("etc/system.properties", HTTP_PORT_PROPERTY, Integer.toString(httpPort)));
        options.add(editConfigurationFilePut("etc/system.properties", "fpauth.admin.password",
                ADMIN_PASSWORD_PROPERTY_VALUE));

        options.add(features(FEATURES_REPOSITORY, bootFeatures));
        options.addAll(java17Options(karafVersion));
        if (Boolean.getBoolean("fpauth.itest.keepKaraf")) {
            // -Dfpauth.itest.keepKaraf=true keeps the unpacked Karaf (data/log/karaf.log) for a look
            options.add(keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    /**
     * What bin/karaf passes to a Java 9+ JVM: Karaf's endorsed XML and locator specs patched into
     * the JDK's modules, and the packages Karaf reflects on opened. Without them karaf.log fills
     * with OsgiLocator errors.
     */
    private static List<Option> java17Options(String karafVersion) {
        List<Option> options = new ArrayList<>();
        String[] flags = {
            "-Xmx512m",
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*",
        };
        for (String flag : flags) {
            options.add(new VMOption(flag));
        }
        return options;
    }

    // ---- inside Karaf ----

    protected Http http() {
        return new Http(Integer.getInteger(HTTP_PORT_PROPERTY));
    }

    /** The admin password auth-user bootstrapped with: the environment wins over the property. */
    protected static String adminPassword() {
        String fromEnvironment = System.getenv("FPAUTH_ADMIN_PASSWORD");
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : ADMIN_PASSWORD_PROPERTY_VALUE;
    }

    /** Polls a GET until its answer matches, failing with the last answer after the timeout. */
    protected Http.Response awaitGet(String path, String user, String password, Predicate<Http.Response> expected)
            throws Exception {
        Http http = http();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MILLIS);
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                Http.Response response = http.get(path, user, password);
                if (expected.test(response)) {
                    return response;
                }
                last = response;
            } catch (IOException e) {
                last = e; // not listening yet
            }
            pause();
        }
        fail("GET " + path + (user == null ? "" : " as " + user) + " never answered as expected; last answer: " + last);
        return null;
    }

    protected Http.Response awaitGet(String path, Predicate<Http.Response> expected) throws Exception {
        return awaitGet(path, null, null, expected);
    }

    protected static Predicate<Http.Response> status(int status) {
        return response -> response.status == status;
    }

    protected static Predicate<Http.Response> statusAndBody(int status, String bodyPart) {
        return response -> response.status == status && response.body.contains(bodyPart);
    }

    /**
     * Runs a command in a Karaf console session, as a user typing it would, and returns what it
     * printed (its result included). Retries while the command is not registered yet.
     */
    protected String shell(String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MILLIS);
        while (true) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            Session session = sessionFactory.create(System.in, out, out);
            try {
                // Karaf's command ACLs (etc/org.apache.karaf.command.acl.*.cfg) want the roles of
                // the user at the console: run as an admin, like karaf from users.properties.
                Object result = Subject.doAs(consoleAdmin(), (PrivilegedExceptionAction<Object>) () -> session.execute(command));
                if (result != null) {
                    out.println(result);
                }
                out.flush();
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (PrivilegedActionException wrapped) {
                Exception e = wrapped.getException();
                boolean notYetThere = e.getClass().getSimpleName().equals("CommandNotFoundException");
                if (!notYetThere || System.nanoTime() > deadline) {
                    throw new AssertionError("'" + command + "' failed: " + e + "\n" + bytes.toString(StandardCharsets.UTF_8), e);
                }
            } finally {
                session.close();
            }
            pause();
        }
    }

    private static Subject consoleAdmin() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("karaf"));
        for (String role : new String[] { "admin", "manager", "viewer", "systembundles" }) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /** Writes a configuration file into Karaf's etc/, where Karaf's file watcher picks it up. */
    protected static void writeEtcFile(String name, String content) throws IOException {
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path temporary = etc.resolve(name + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        // Replace in one step: the watcher never reads a half-written file.
        Files.move(temporary, etc.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    protected static void deleteEtcFile(String name) throws IOException {
        Files.deleteIfExists(Paths.get(System.getProperty("karaf.etc")).resolve(name));
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(100);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests with Maven)");
        }
        return value;
    }

    /**
     * A port that is free now, below the kernel's ephemeral range: pax-exam and Karaf pick their
     * RMI ports with bind(0) after this runs and could otherwise be handed the very same port.
     */
    private static int freePort() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
