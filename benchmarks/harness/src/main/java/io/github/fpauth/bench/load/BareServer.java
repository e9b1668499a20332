package io.github.fpauth.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark servlet on an embedded Jetty, without OSGi, Felix HTTP or fpauth (modules
 * benchmarks/bare-jetty94 and bare-jetty12): the web server's own share of a request.
 */
final class BareServer implements ServerProcess, AutoCloseable {

    private final String mainClass;
    private final Path module;
    private final List<String> arguments;
    private final int port;
    private Process process;

    /** {@code module}: the module's target folder, with its jar and {@code classpath.txt}. */
    BareServer(Path module, String mainClass, String... arguments) throws IOException {
        this.module = module;
        this.mainClass = mainClass;
        this.arguments = List.of(arguments);
        this.port = BenchRuntime.freePort();
    }

    BareServer start(Path log) throws IOException, InterruptedException {
        Path jar;
        try (var jars = Files.list(module)) {
            jar = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in " + module + " (run.sh builds it)"));
        }
        String classPath = jar + ":" + Files.readString(module.resolve("classpath.txt")).trim();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath, mainClass,
                Integer.toString(port)));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        process = started;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop " + mainClass));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Http.get(url("/bench/hello"), Map.of()).status() != 200) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(mainClass + " did not answer on port " + port + "; see " + log);
            }
            Thread.sleep(20);
        }
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

    @Override
    public void close() throws InterruptedException {
        ServerProcess.stop(process);
    }
}
