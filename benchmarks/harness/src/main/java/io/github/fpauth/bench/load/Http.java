package io.github.fpauth.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Small blocking HTTP calls over keep-alive connections (HttpURLConnection's pool). */
final class Http {

    static {
        // The JDK keeps at most 5 idle connections per host by default: the client pools use more.
        System.setProperty("http.maxConnections", "256");
        System.setProperty("http.keepAlive", "true");
    }

    /** A status, body and the cookies set; status -1 when the connection failed. */
    record Response(int status, String body, List<String> setCookies) {

        Response(int status, String body) {
            this(status, body, List.of());
        }

        /** The value the response gave cookie {@code name}, or null. */
        String cookie(String name) {
            for (String header : setCookies) {
                if (header.startsWith(name + "=")) {
                    int end = header.indexOf(';');
                    return header.substring(name.length() + 1, end < 0 ? header.length() : end);
                }
            }
            return null;
        }
    }

    private Http() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Response get(String url, Map<String, String> headers) {
        return call("GET", url, headers, null);
    }

    static Response post(String url, Map<String, String> headers, String form) {
        return call("POST", url, headers, form);
    }

    static Response call(String method, String url, Map<String, String> headers, String form) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30000);
            connection.setUseCaches(false);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            if (form != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                connection.getOutputStream().write(form.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            // Reading the body to its end hands the connection back to the keep-alive pool.
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (body != null) {
                body.close();
            }
            List<String> cookies = connection.getHeaderFields().getOrDefault("Set-Cookie", List.of());
            return new Response(status, text, cookies);
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            return new Response(-1, e.toString());
        }
    }
}
