package io.github.fpauth.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exported runtime ({@code fpauth.jar}) started as a separate JVM from a private copy of the
 * runtime folder the build assembled, exactly as a user runs it: {@code java -jar fpauth.jar} in
 * that folder, the port given with {@code -Dorg.osgi.service.http.port}.
 */
final class RuntimeProcess implements AutoCloseable {

    /** Folder the build assembled: fpauth.jar, etc/, deploy/. */
    private static final Path ASSEMBLED = Path.of(System.getProperty("fpauth.runtime.dir", "target/fpauth"));
    private static final Path WORK_ROOT = Path.of(System.getProperty("fpauth.it.work", "target/it"));

    private final Path folder;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private RuntimeProcess(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** A fresh copy of the runtime folder under target/it/{name}, on a free port. */
    static RuntimeProcess fresh(String name) throws IOException {
        Path folder = WORK_ROOT.resolve(name).toAbsolutePath();
        deleteRecursively(folder);
        copyRecursively(ASSEMBLED, folder);
        Files.createDirectories(folder.resolve("tmp"));
        return new RuntimeProcess(folder, freePort());
    }

    /**
     * Starts {@code java [systemProperties] -jar fpauth.jar}; the caller decides what happens to
     * its stdin.
     */
    RuntimeProcess start(String adminPassword, String... systemProperties) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Dorg.osgi.service.http.port=" + port,
                // keep the launcher's two temporary jars out of the machine's /tmp
                "-Djava.io.tmpdir=" + folder.resolve("tmp")));
        command.addAll(List.of(systemProperties));
        command.addAll(List.of("-jar", "fpauth.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()));
        builder.environment().put("FPAUTH_ADMIN_PASSWORD", adminPassword);
        process = builder.start();
        return this;
    }

    /** Ends the runtime's standard input, as {@code </dev/null}, nohup or systemd do. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Types one line into the Gogo shell. */
    void gogo(String line) throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write((line + "\n").getBytes(UTF_8));
        stdin.flush();
    }

    /**
     * The id of a bundle, listed by Gogo's {@code lb -s} (the shell must be on:
     * {@code -Dfpauth.console=true}); Gogo's {@code start} takes an id, not a name.
     */
    String bundleId(String symbolicName, Duration timeout) throws IOException, InterruptedException {
        gogo("lb -s " + symbolicName);
        Pattern line = Pattern.compile("(?m)^\\s*(\\d+)\\|\\w+\\s*\\|.*\\|" + Pattern.quote(symbolicName) + " ");
        await("lb to list " + symbolicName, timeout, () -> line.matcher(output()).find());
        Matcher id = line.matcher(output());
        if (!id.find()) {
            throw new AssertionError("no bundle id for " + symbolicName + "\n" + output());
        }
        return id.group(1);
    }

    /** SIGTERM (Process.destroy on Unix); returns the exit code, or fails after the timeout. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the runtime did not exit within " + timeout + " after SIGTERM\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path folder() {
        return folder;
    }

    /** The HTTP port on 127.0.0.1. */
    int port() {
        return port;
    }

    Path deployFolder() {
        return folder.resolve("deploy");
    }

    Path outputFile() {
        return folder.resolve("console.log");
    }

    /** Everything the runtime printed so far (stdout and stderr). */
    String output() {
        try {
            return Files.exists(outputFile()) ? Files.readString(outputFile(), UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + outputFile() + ": " + e + ">";
        }
    }

    /** GET path; status -1 while nothing listens on the port yet. */
    Response get(String path) {
        return get(path, null, null);
    }

    Response get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            return new Response(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, e.toString(), null);
        }
    }

    /**
     * The status line answered to a GET of {@code target} with these header lines, sent over a
     * raw socket: for requests that {@code java.net} will not build (broken escapes, odd headers).
     */
    String rawStatusLine(String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
            return line == null ? "" : line;
        }
    }

    /** Polls until the condition holds; fails with the runtime's output after the timeout. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!isAlive()) {
                throw new AssertionError("the runtime exited (" + process.exitValue() + ") while waiting for "
                        + what + "\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Waits for {@code GET /ready} to answer 200 with the given authEnabled. */
    void awaitReady(boolean authEnabled, Duration timeout) throws InterruptedException {
        await("/ready with authEnabled " + authEnabled, timeout, () -> {
            Response ready = get("/ready");
            return ready.status() == 200 && ready.jsonHas("authEnabled", String.valueOf(authEnabled));
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from.resolve("fpauth.jar"))) {
            throw new IllegalStateException("no assembled runtime in " + from.toAbsolutePath()
                    + " (the package phase builds it)");
        }
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

    /**
     * A status code, body and {@code WWW-Authenticate} challenge ({@code null} when none); status
     * -1 when the connection failed.
     */
    record Response(int status, String body, String challenge) {

        /** Whether the JSON body holds "name":value (value as written in JSON: true, null, "x"). */
        boolean jsonHas(String name, String jsonValue) {
            return body.replaceAll("\\s", "").contains("\"" + name + "\":" + jsonValue);
        }
    }
}
