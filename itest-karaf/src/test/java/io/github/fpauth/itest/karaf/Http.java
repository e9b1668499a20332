package io.github.fpauth.itest.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A tiny HTTP client for the tests: GET, optional HTTP Basic, status and body. */
final class Http {

    /** One answer: its status code and body. */
    static final class Response {
        final int status;
        final String body;
        /** The WWW-Authenticate header, or "" */
        final String challenge;

        Response(int status, String body, String challenge) {
            this.status = status;
            this.body = body;
            this.challenge = challenge == null ? "" : challenge;
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private final int port;

    Http(int port) {
        this.port = port;
    }

    Response get(String path) throws IOException {
        return get(path, null, null);
    }

    Response get(String path, String user, String password) throws IOException {
        return get(path, user == null ? new String[0] : new String[] {"Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))});
    }

    /** GET with request headers, as name, value, name, value... */
    Response get(String path, String... headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        connection.setInstanceFollowRedirects(false);
        for (int i = 0; i < headers.length; i += 2) {
            connection.addRequestProperty(headers[i], headers[i + 1]);
        }
        try {
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body, connection.getHeaderField("WWW-Authenticate"));
        } finally {
            connection.disconnect();
        }
    }
}
