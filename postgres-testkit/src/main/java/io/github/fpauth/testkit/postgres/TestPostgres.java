package io.github.fpauth.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@link #start} creates it in a directory of its own
 * (under {@code target/}), listening on a free port of 127.0.0.1 only, with the superuser
 * {@value #USER} and no password (trust authentication); {@link #close} stops it and deletes the
 * directory.
 *
 * <p>It runs the machine's PostgreSQL server binaries: the newest of Debian's
 * {@code /usr/lib/postgresql/<version>/bin}, or the directory named by the system property
 * {@value #BIN_PROPERTY}. Without them it fails, never skips. PostgreSQL refuses to run as root,
 * so as root the cluster belongs to, and runs as, the system user {@code postgres} (which
 * Debian's package creates): the directory is handed to it, and the directories above it are
 * made traversable.
 *
 * <p>The cluster is made for speed, not durability ({@code fsync=off}): a crash of the machine
 * may lose it, which a test never minds.
 */
public final class TestPostgres implements AutoCloseable {

    /** The superuser of every test cluster. */
    public static final String USER = "fp";

    /** System property naming a directory with initdb, pg_ctl and createdb, instead of Debian's. */
    public static final String BIN_PROPERTY = "fpauth.postgres.bin";

    private static final Path DEBIAN_ROOT = Paths.get("/usr/lib/postgresql");
    private static final String SYSTEM_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** PostgreSQL's Unix socket path must fit in 107 bytes with "/.s.PGSQL.NNNNN". */
    private static final int MAX_SOCKET_DIR_LENGTH = 90;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final Path bin;
    private final boolean asSystemUser;
    private final int port;
    private final Thread shutdownHook;
    private volatile boolean running;
    private boolean closed;

    private TestPostgres(Path dir, Path bin, boolean asSystemUser, int port) {
        this.dir = dir;
        this.bin = bin;
        this.asSystemUser = asSystemUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopImmediately, "test-postgres-shutdown");
    }

    /**
     * Creates a cluster in {@code dir} (deleted first if it exists, after stopping a cluster left
     * running there) and starts it.
     *
     * @throws IllegalStateException naming what is missing or what failed, with PostgreSQL's output
     */
    public static TestPostgres start(Path dir) {
        return start(dir, binaries());
    }

    static TestPostgres start(Path dir, Path bin) {
        Path target = dir.toAbsolutePath().normalize();
        boolean asSystemUser = isRoot();
        try {
            removeLeftover(target, bin, asSystemUser);
            Files.createDirectories(target);
            if (asSystemUser) {
                makeReachable(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + target, e);
        }
        List<String> initdb = List.of(bin.resolve("initdb").toString(), "-D", target.resolve("data").toString(),
                "-A", "trust", "-U", USER, "--encoding=UTF8", "--locale=C", "--no-sync");
        if (asSystemUser) {
            run(target, List.of("chown", "-R", SYSTEM_USER, target.toString()), false, "chown");
        }
        run(target, initdb, asSystemUser, "initdb");
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            TestPostgres postgres = new TestPostgres(target, bin, asSystemUser, freePort());
            try {
                postgres.startServer();
                Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
                return postgres;
            } catch (IllegalStateException e) {
                // another process may have taken the port between its choice and the start
                failure = e;
                if (!postgres.serverLog().contains("could not bind")) {
                    break;
                }
            }
        }
        throw failure;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres} */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of the database {@code database} of this cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser name, {@value #USER}; it needs no password. */
    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    /** The cluster's own directory (data, server log and, when short enough, the Unix socket). */
    public Path directory() {
        return dir;
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Creates an empty database (owned by {@value #USER}).
     *
     * @param name lower-case letters, digits and underscores
     * @return its JDBC URL
     */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        run(dir, List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                USER, name), false, "createdb " + name);
        return jdbcUrl(name);
    }

    /** Stops the server (fast shutdown: sessions are ended); the data stays for {@link #restart}. */
    public synchronized void stop() {
        if (running) {
            pgCtl("stop", "-m", "fast");
            running = false;
        }
    }

    /** Starts the server again on the same port and data (stopping it first if it runs). */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        stop();
        startServer();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook stops the server
            }
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "TestPostgres[" + jdbcUrl() + ", " + dir + "]";
    }

    // ---- server control

    private synchronized void startServer() {
        String socketDir = socketDirectory(dir);
        String options = "-p " + port + " -k '" + socketDir + "' -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        pgCtl("start", "-w", "-t", "60", "-l", dir.resolve("log").toString(), "-o", options);
        running = true;
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve("pg_ctl").toString());
        command.add("-D");
        command.add(dir.resolve("data").toString());
        command.addAll(Arrays.asList(args));
        run(dir, command, asSystemUser, "pg_ctl " + args[0]);
    }

    private void stopImmediately() {
        if (running) {
            try {
                pgCtl("stop", "-m", "immediate");
            } catch (RuntimeException e) {
                // the JVM is going away: nothing more to do
            }
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String socketDirectory(Path dir) {
        String path = dir.toString();
        // the options string is read by a shell: no quotes in it
        return path.length() <= MAX_SOCKET_DIR_LENGTH && path.indexOf('\'') < 0 ? path : "";
    }

    // ---- processes

    private static void run(Path workDir, List<String> command, boolean asSystemUser, String what) {
        List<String> full = new ArrayList<>();
        if (asSystemUser) {
            full.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        full.addAll(command);
        Path output = workDir.resolve("commands.log");
        try {
            Files.writeString(output, "$ " + String.join(" ", full) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s"
                        + details(workDir));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue()
                        + details(workDir));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + full.get(0) + " (" + what + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static String details(Path workDir) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("commands.log", "log")) {
            Path file = workDir.resolve(name);
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    text.append("\n--- ").append(file).append(" (last lines)\n");
                    lines.subList(Math.max(0, lines.size() - 20), lines.size())
                            .forEach(line -> text.append(line).append('\n'));
                }
            } catch (IOException e) {
                text.append("\n(cannot read ").append(file).append(": ").append(e.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    // ---- the machine

    /** The directory of the PostgreSQL server binaries to use. */
    static Path binaries() {
        String configured = System.getProperty(BIN_PROPERTY, "").trim();
        if (!configured.isEmpty()) {
            Path bin = Paths.get(configured);
            if (!Files.isExecutable(bin.resolve("initdb"))) {
                throw new IllegalStateException("no PostgreSQL initdb in " + bin + " (system property "
                        + BIN_PROPERTY + ")");
            }
            return bin;
        }
        return newestBinaries(DEBIAN_ROOT);
    }

    /** The bin directory of the newest {@code <root>/<version>/bin} that holds initdb. */
    static Path newestBinaries(Path root) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path version : versions) {
                    if (version.getFileName().toString().matches("\\d+(\\.\\d+)?")
                            && Files.isExecutable(version.resolve("bin").resolve("initdb"))) {
                        found.add(version);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("PostgreSQL server binaries not found: no " + root
                    + "/<version>/bin/initdb. Install them (Debian: apt-get install postgresql) or name their"
                    + " directory with -D" + BIN_PROPERTY + "=...");
        }
        found.sort(Comparator.comparingDouble(version -> Double.parseDouble(version.getFileName().toString())));
        return found.get(found.size() - 1).resolve("bin");
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Paths.get("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The system user must reach {@code dir}: every directory above it becomes traversable (o+x). */
    private static void makeReachable(Path dir) throws IOException {
        for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(parent, permissions);
            }
        }
    }

    private static void removeLeftover(Path dir, Path bin, boolean asSystemUser) {
        if (!Files.exists(dir)) {
            return;
        }
        if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
            try {
                run(dir, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "stop", "-m",
                        "immediate"), asSystemUser, "pg_ctl stop (a cluster left running)");
            } catch (IllegalStateException e) {
                // not running any more: its files go below
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
