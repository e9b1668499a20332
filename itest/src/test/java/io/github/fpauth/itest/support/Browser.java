package io.github.fpauth.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser reduced to what login tests need: it sends {@code Accept: text/html}, keeps the
 * cookies it is given (by hand: name and value, dropped on {@code Max-Age=0}), posts forms, and
 * never follows redirects, so tests see every 303 and every {@code Set-Cookie}.
 */
public final class Browser {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    private final HttpClient client;
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** The cookie's current value, or {@code null}. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sets (or with {@code null} removes) a cookie, e.g. to replay an old one. */
    public Browser setCookie(String name, String value) {
        if (value == null) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
        return this;
    }

    public Page get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** POSTs a form given as name, value, name, value... */
    public Page post(String path, String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Page send(HttpRequest request) {
        try {
            Page page = new Page(client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            for (String setCookie : page.headers("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }

    /** What the server answered, with what login tests look for in it. */
    public static final class Page extends Http.Response {
        private final HttpResponse<String> response;

        Page(HttpResponse<String> response) {
            super(response);
            this.response = response;
        }

        public List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        /** The {@code Set-Cookie} header for cookie {@code name}, or {@code null}. */
        public String setCookie(String name) {
            return headers("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
        }

        /** The value of the first hidden {@code csrf} field in the page, or {@code null}. */
        public String csrfToken() {
            Matcher matcher = CSRF_FIELD.matcher(body() == null ? "" : body());
            return matcher.find() ? matcher.group(1) : null;
        }

        @Override
        public String toString() {
            String body = body() == null ? "" : body();
            return response.request().method() + " " + response.request().uri().getPath() + " -> " + status()
                    + (header("Location") == null ? "" : " Location: " + header("Location"))
                    + (body.isEmpty() ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }
}
