package io.github.fpauth.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.UserStore;

/**
 * The exported runtime ({@code fpauth.jar}) as users start it, from a private copy of the folder
 * the build assembled, plus the benchmark servlet bundle in {@code deploy/}, with its users
 * written into the store beforehand: {@code admin} (fp_admin) and {@code alice} (role user).
 */
final class BenchRuntime implements ServerProcess, AutoCloseable {

    static final String CORE = "io.github.fpauth.core";
    static final String USER_BUNDLE = "io.github.fpauth.user";
    static final String ADMIN_PASSWORD = "Bench-admin-passw0rd";
    static final String USER = "alice";
    static final String PASSWORD = "Bench-alice-passw0rd";

    private static final Pattern HTTP_BUNDLE = Pattern.compile("jar/(org\\.apache\\.felix\\.http\\.jetty[0-9]*-[^/]+)\\.jar");
    /** What Felix HTTP logs once Jetty listens. */
    private static final Pattern JETTY_STARTED = Pattern.compile("Started Jetty (\\S+)");

    final Path folder;
    final int port;
    private Process process;

    private BenchRuntime(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** A fresh copy of the runtime the build assembled, as {@link #prepare(Config, Path, String, boolean)}. */
    static BenchRuntime prepare(Config config, String name, boolean withUsers) throws IOException {
        return prepare(config, config.runtimeFolder, name, withUsers);
    }

    /**
     * A fresh copy of the runtime folder {@code assembled} as {@code name} under {@code work}, with
     * the bench bundle and, when {@code withUsers}, the users.
     */
    static BenchRuntime prepare(Config config, Path assembled, String name, boolean withUsers) throws IOException {
        Path folder = config.work.resolve(name).toAbsolutePath();
        deleteRecursively(folder);
        copyRecursively(assembled, folder);
        Files.createDirectories(folder.resolve("tmp"));
        Files.copy(config.benchBundle, folder.resolve("deploy").resolve("bench-bundle.jar"));
        if (withUsers) {
            Path users = folder.resolve("data/users");
            Files.createDirectories(users);
            StoredUserDirectory directory = new StoredUserDirectory(UserStore.open(users.resolve("users.txt")),
                    new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS), PasswordPolicy.defaults());
            directory.addUser("admin", ADMIN_PASSWORD, List.of("fp_admin"));
            directory.addUser(USER, PASSWORD, List.of("user"));
        }
        return new BenchRuntime(folder, freePort());
    }

    BenchRuntime start(String... jvmOptions) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Dorg.osgi.service.http.port=" + port,
                "-Djava.io.tmpdir=" + folder.resolve("tmp"),
                "-Dfpauth.console=false"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", "fpauth.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("FPAUTH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process started = builder.start();
        process = started;
        // Interrupted (Ctrl-C, kill), the benchmark runs no finally block: the runtime must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop " + folder.getFileName()));
        return this;
    }

    @Override
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits for a 200 on the path; returns the nanoTime it came, or fails after the timeout. */
    long awaitOk(String path, Duration timeout) throws InterruptedException {
        return await(path, timeout, r -> r.status() == 200);
    }

    long await(String path, Duration timeout, java.util.function.Predicate<Http.Response> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Http.Response response = Http.get(url(path), Map.of());
            if (condition.test(response)) {
                return System.nanoTime();
            }
            if (!isAlive()) {
                throw new IllegalStateException("the runtime in " + folder + " exited; see its console.log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + path + " (last " + response + ")");
            }
            Thread.sleep(5);
        }
    }

    /** Stops or starts a bundle in-process; returns nanoTime just before and just after the call. */
    long[] control(String op, String bsn) {
        long sent = System.nanoTime();
        Http.Response response = Http.post(url("/bench/control?op=" + op + "&bsn=" + bsn), Map.of(), "");
        long received = System.nanoTime();
        if (response.status() != 200) {
            throw new IllegalStateException(op + " " + bsn + ": " + response);
        }
        String[] times = response.body().trim().split(" ");
        long before = Long.parseLong(times[0]);
        long after = Long.parseLong(times[1]);
        if (before < sent || after > received) {
            throw new IllegalStateException("the runtime's nanoTime is not this machine's monotonic clock");
        }
        return new long[] { before, after };
    }

    /** Brings the runtime to a state: fpauth core on or off, auth-user on or off. */
    void state(boolean core, boolean authUser) throws InterruptedException {
        control(authUser ? "start" : "stop", USER_BUNDLE);
        control(core ? "start" : "stop", CORE);
        if (core) {
            await("/ready", Duration.ofSeconds(30),
                    r -> r.status() == 200 && r.body().contains("\"authEnabled\":" + authUser));
        } else {
            await("/ready", Duration.ofSeconds(30), r -> r.status() == 404);
        }
    }

    /**
     * The HTTP service of this runtime: the Felix HTTP bundle inside {@code fpauth.jar} (e.g.
     * {@code org.apache.felix.http.jetty12-1.1.6}) and, once started, the Jetty version it logged.
     */
    String httpService() throws IOException {
        String bundle = "?";
        try (JarFile jar = new JarFile(folder.resolve("fpauth.jar").toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                Matcher matcher = HTTP_BUNDLE.matcher(entry.getName());
                if (matcher.matches()) {
                    bundle = matcher.group(1);
                }
            }
        }
        Path log = folder.resolve("console.log");
        Matcher jetty = JETTY_STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
        return jetty.find() ? bundle + " (Jetty " + jetty.group(1) + ")" : bundle;
    }

    /** Resident memory of the runtime's JVM, in KiB (Linux). */
    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    void stop() throws InterruptedException {
        ServerProcess.stop(process);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
