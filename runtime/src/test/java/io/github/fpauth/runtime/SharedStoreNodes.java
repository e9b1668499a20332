package io.github.fpauth.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Several runtimes, each a separate JVM from its own copy of the runtime folder, sharing one
 * PostgreSQL database: the jars and the two configuration files of {@code optional/jdbc/} copied
 * into each node's {@code deploy/}, the configuration edited to point at the database, exactly as
 * an operator enables the shared store.
 */
final class SharedStoreNodes implements AutoCloseable {

    static final String ADMIN_PASSWORD = "Shared-store-0nly!";
    static final String SESSION_COOKIE = "FPAUTH_SESSION";
    private static final String CSRF_COOKIE = "FPAUTH_CSRF";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();

    private final List<RuntimeProcess> nodes;

    private SharedStoreNodes(List<RuntimeProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} runtimes in parallel on the database {@code jdbcUrl} (user
     * {@code user}, no password), waits until each one enforces authentication.
     */
    static SharedStoreNodes start(String name, int count, String jdbcUrl, String user) throws Exception {
        List<RuntimeProcess> nodes = new ArrayList<>();
        SharedStoreNodes cluster = new SharedStoreNodes(nodes);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        try {
            for (int i = 0; i < count; i++) {
                RuntimeProcess node = RuntimeProcess.fresh(name + "-" + (char) ('a' + i));
                enableSharedStore(node, jdbcUrl, user);
                // auth-user's secret key, the same on every node (as docs/scale-out.md asks)
                Files.writeString(node.deployFolder().resolve("io.github.fpauth.user.cfg"),
                        "secretKey=" + Base64.getEncoder().encodeToString(key) + "\n", UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
                nodes.add(node);
            }
            for (RuntimeProcess node : nodes) {
                node.start(ADMIN_PASSWORD, "-Dfpauth.console=true");
            }
            ExecutorService waiting = Executors.newFixedThreadPool(count);
            try {
                List<Future<Object>> ready = new ArrayList<>();
                for (RuntimeProcess node : nodes) {
                    ready.add(waiting.submit(() -> {
                        node.awaitReady(true, START);
                        node.await("the admin to sign in", START, () -> node.get("/", "admin", ADMIN_PASSWORD).status() == 200);
                        return null;
                    }));
                }
                for (Future<Object> f : ready) {
                    f.get();
                }
            } finally {
                waiting.shutdownNow();
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** What an operator does: the jars and the two .cfg files of optional/jdbc/ into deploy/. */
    static void enableSharedStore(RuntimeProcess node, String jdbcUrl, String user) throws IOException {
        Path optional = node.folder().resolve("optional/jdbc");
        Path deploy = node.deployFolder();
        try (Stream<Path> files = Files.list(optional)) {
            for (Path jar : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, deploy.resolve(jar.getFileName()));
            }
        }
        String store = Files.readString(optional.resolve("io.github.fpauth.store.jdbc.cfg"), UTF_8)
                .replaceFirst("(?m)^#url=.*$", "url=" + jdbcUrl.replace("\\", "\\\\"))
                .replaceFirst("(?m)^#user=.*$", "user=" + user);
        if (!store.contains("\nurl=" + jdbcUrl) || !store.contains("\nuser=" + user)) {
            throw new AssertionError("the example configuration has no url/user lines to edit:\n" + store);
        }
        Files.writeString(deploy.resolve("io.github.fpauth.store.jdbc.cfg"), store, UTF_8);
        Files.copy(optional.resolve("io.github.fpauth.user.store.cfg"), deploy.resolve("io.github.fpauth.user.store.cfg"));
        // Several nodes share this machine's cores: each node's hashing budget (a share of the cores'
        // time, charged in wall time) would answer logins 503 busy. No test here is about the budget.
        Files.writeString(deploy.resolve("io.github.fpauth.user.cfg"), "passwordHashingCpuShare=1.0\n", UTF_8);
    }

    /**
     * Sets {@code key=value} in the node's deploy/io.github.fpauth.user.cfg (keeping its other
     * lines); FileInstall hands the change to Config Admin within a second or so.
     */
    static void setUserProperty(RuntimeProcess node, String key, String value) throws IOException {
        Path cfg = node.deployFolder().resolve("io.github.fpauth.user.cfg");
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(cfg, UTF_8)) {
            if (!line.startsWith(key + "=")) {
                kept.append(line).append('\n');
            }
        }
        Files.writeString(cfg, kept.append(key).append('=').append(value).append('\n').toString(), UTF_8);
    }

    RuntimeProcess node(int index) {
        return nodes.get(index);
    }

    List<RuntimeProcess> all() {
        return nodes;
    }

    /** Types a Gogo command on the node and waits until its answer (a line containing expected) is printed. */
    static String gogo(RuntimeProcess node, String command, String expected) throws Exception {
        int before = node.output().length();
        node.gogo(command);
        node.await("'" + expected + "' after " + command.split(" ")[0], Duration.ofSeconds(20),
                () -> node.output().indexOf(expected, before) >= 0);
        return node.output().substring(before);
    }

    /** Signs in through the login form of the node (CSRF cookie and field); the session cookie's value. */
    static String login(RuntimeProcess node, String user, String password) throws Exception {
        Reply form = send(node, request(node, "/login").header("Accept", "text/html").GET());
        String csrfCookie = form.cookie(CSRF_COOKIE);
        Reply posted = send(node, request(node, "/login").header("Accept", "text/html")
                .header("Cookie", CSRF_COOKIE + "=" + csrfCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("csrf", form.csrfField(), "username", user,
                        "password", password))));
        String session = posted.cookie(SESSION_COOKIE);
        if (posted.status() != 303 || session == null || session.isEmpty()) {
            throw new AssertionError("login of " + user + " refused: " + posted);
        }
        return session;
    }

    /** Signs out through the logout form of the node. */
    static Reply logout(RuntimeProcess node, String session) throws Exception {
        Reply form = send(node, request(node, "/logout").header("Accept", "text/html")
                .header("Cookie", SESSION_COOKIE + "=" + session).GET());
        String csrfCookie = form.cookie(CSRF_COOKIE);
        String cookies = SESSION_COOKIE + "=" + session + (csrfCookie == null ? "" : "; " + CSRF_COOKIE + "=" + csrfCookie);
        return send(node, request(node, "/logout").header("Accept", "text/html").header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("csrf", form.csrfField()))));
    }

    static int withSession(RuntimeProcess node, String path, String session) {
        return status(node, request(node, path).header("Cookie", SESSION_COOKIE + "=" + session).GET());
    }

    static int withBasic(RuntimeProcess node, String path, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        return status(node, request(node, path).header("Authorization", "Basic " + basic).GET());
    }

    static int withBearer(RuntimeProcess node, String path, String token) {
        return status(node, request(node, path).header("Authorization", "Bearer " + token).GET());
    }

    static int anonymous(RuntimeProcess node, String path) {
        return status(node, request(node, path).GET());
    }

    /**
     * Polls every 20 ms until the answer satisfies {@code wanted}; the milliseconds it took, or an
     * AssertionError after {@code timeout}.
     */
    static long millisUntil(String what, Duration timeout, java.util.function.IntSupplier answer, IntPredicate wanted)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int last;
        while (!wanted.test(last = answer.getAsInt())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": still " + last + " after " + timeout);
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static HttpRequest.Builder request(RuntimeProcess node, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).timeout(Duration.ofSeconds(15));
    }

    private static int status(RuntimeProcess node, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Reply send(RuntimeProcess node, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        return new Reply(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"));
    }

    private static String form(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], UTF_8));
        }
        return body.toString();
    }

    /** A browser on one node: keeps the cookies that node sets, posts forms with their CSRF field. */
    static final class Browser {
        private final RuntimeProcess node;
        private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();

        Browser(RuntimeProcess node) {
            this.node = node;
        }

        /** The same browser (its cookies) sending its next requests to {@code other}: a load balancer's turn. */
        Browser at(RuntimeProcess other) {
            Browser moved = new Browser(other);
            moved.cookies.putAll(cookies);
            return moved;
        }

        Reply get(String path) throws IOException, InterruptedException {
            return keep(send(node, withCookies(request(node, path).header("Accept", "text/html")).GET()));
        }

        /** Opens the form on {@code formPath} for its CSRF field, then posts {@code fields} and it to {@code path}. */
        Reply submit(String formPath, String path, String... fields) throws IOException, InterruptedException {
            String csrf = get(formPath).csrfField();
            String[] all = java.util.Arrays.copyOf(fields, fields.length + 2);
            all[fields.length] = "csrf";
            all[fields.length + 1] = csrf;
            return keep(send(node, withCookies(request(node, path).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded"))
                    .POST(HttpRequest.BodyPublishers.ofString(form(all)))));
        }

        String cookie(String name) {
            return cookies.get(name);
        }

        private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                StringBuilder header = new StringBuilder();
                cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                request.header("Cookie", header.toString());
            }
            return request;
        }

        private Reply keep(Reply reply) {
            for (String header : reply.setCookies()) {
                String[] pair = header.split(";", 2)[0].split("=", 2);
                if (pair.length == 2) {
                    if (pair[1].isEmpty()) {
                        cookies.remove(pair[0]);
                    } else {
                        cookies.put(pair[0], pair[1]);
                    }
                }
            }
            return reply;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (RuntimeProcess node : nodes) {
            node.close();
        }
    }

    /** A status, a body and the cookies the response set. */
    record Reply(int status, String body, List<String> setCookies) {

        String cookie(String name) {
            for (String header : setCookies) {
                if (header.startsWith(name + "=")) {
                    return header.substring(name.length() + 1).split(";", 2)[0];
                }
            }
            return null;
        }

        String csrfField() {
            Matcher matcher = CSRF_FIELD.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("no CSRF field in " + this);
            }
            return matcher.group(1).replace("&amp;", "&");
        }

        @Override
        public String toString() {
            return status + " " + setCookies + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }
}
