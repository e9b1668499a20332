package io.github.fpauth.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain HTTP/1.1 client for the runtime under test, on the loopback interface. Redirects are
 * never followed and 401 challenges never answered: tests see exactly what the server sent.
 */
public final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client;
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** GET without credentials. */
    public Response get(String path) {
        return send(request(path).build());
    }

    /** GET with HTTP Basic credentials. */
    public Response get(String path, String user, String password) {
        return send(request(path).header("Authorization", basic(user, password)).build());
    }

    /** GET with extra headers, given as name, value, name, value... */
    public Response getWithHeaders(String path, String... headers) {
        HttpRequest.Builder builder = request(path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    /** GET that reports an I/O failure as an exception instead of wrapping it. */
    public Response tryGet(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(builder.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
    }

    private Response send(HttpRequest request) {
        try {
            return new Response(client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }

    /** What the server answered. */
    public static class Response {
        private final HttpResponse<String> response;

        Response(HttpResponse<String> response) {
            this.response = response;
        }

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The raw JSON value of a top-level field in a flat JSON body, or {@code null} when absent. */
        public String json(String field) {
            return Json.field(body(), field);
        }

        @Override
        public String toString() {
            String body = body() == null ? "" : body();
            return response.request().uri().getPath() + " -> " + status()
                    + (body.isEmpty() ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }
}
