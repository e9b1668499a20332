package io.github.fpauth.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fpauth.itest.support.Http;

/**
 * A browser-like client for the HTML forms: keeps cookies, may send HTTP Basic credentials on
 * every request, posts url-encoded forms, never follows redirects.
 */
final class FormClient {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String base;
    private final HttpClient client;
    private final String authorization;

    FormClient(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(cookies).connectTimeout(TIMEOUT).build();
        this.authorization = user == null ? null : Http.basic(user, password);
    }

    Page get(String path) {
        return send(request(path).GET().build());
    }

    /** POSTs {@code fields} (name, value, name, value...) as application/x-www-form-urlencoded. */
    Page post(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return postRaw(path, body.toString());
    }

    /** POSTs a body as it is (e.g. deliberately malformed). */
    Page postRaw(String path, String body) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The CSRF token of the form on {@code path}, fetched with a GET. */
    String csrf(String path) {
        Page page = get(path);
        Matcher matcher = CSRF_FIELD.matcher(page.body);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field on " + page);
        }
        return matcher.group(1).replace("&amp;", "&");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "text/html");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back. */
    static final class Page {
        final int status;
        final String body;
        final String location;

        Page(int status, String body, String location) {
            this.status = status;
            this.body = body == null ? "" : body;
            this.location = location;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + " "
                    + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}
