package io.github.fpauth.itest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket: the request goes out byte for byte as written (ISO-8859-1, so
 * {@code \u00e9} is the single byte 0xE9), with no client-side normalisation of the path, the
 * method or the headers. Each request uses its own connection ({@code Connection: close}).
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;
    /** Responses are read up to this size: enough to find any marker, bounded against a flood. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends {@code requestLine}, then {@code Host: localhost}, the given header lines, and
     * {@code Connection: close}; no body.
     */
    public Response send(String requestLine, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return sendRaw(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a POST with a body and a correct Content-Length. */
    public Response post(String path, String contentType, byte[] body, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headerLines) {
            request.append(header).append("\r\n");
        }
        request.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                .append("\r\nConnection: close\r\n\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return sendRaw(all);
    }

    /** Sends exactly these bytes and reads whatever comes back until the server closes. */
    public Response sendRaw(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server may answer and close before a huge request is fully written
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while (bytes.size() < MAX_RESPONSE_BYTES && !complete(bytes) && (n = in.read(buffer)) >= 0) {
                    bytes.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new IOException("no complete answer within " + TIMEOUT_MILLIS + " ms; got: "
                        + bytes.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException reset) {
                // a reset after the answer: keep what arrived
            }
            return new Response(bytes.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Whether a whole response with a Content-Length has arrived: some answers (e.g. to CONNECT)
     * leave the connection open, so reading until the server closes would wait in vain.
     */
    private static boolean complete(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return text.length() - end - 4 >= Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A raw response: the status line's code (-1 when there is none) and the whole text. */
    public static final class Response {
        private final String text;

        Response(String text) {
            this.text = text;
        }

        /** The status code, or -1 when the server answered no HTTP status line (e.g. it just closed). */
        public int status() {
            if (!text.startsWith("HTTP/")) {
                return -1;
            }
            String[] statusLine = text.split("\r\n", 2)[0].split(" ");
            try {
                return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** Headers and body as received. */
        public String text() {
            return text;
        }

        public boolean contains(String marker) {
            return text.contains(marker);
        }

        /** The value of the first header of that name (case-insensitive), or {@code null}. */
        public String header(String name) {
            String head = text.split("\r\n\r\n", 2)[0];
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** The body: what follows the blank line after the headers. */
        public String body() {
            String[] parts = text.split("\r\n\r\n", 2);
            return parts.length > 1 ? parts[1] : "";
        }

        @Override
        public String toString() {
            return text.length() > 400 ? text.substring(0, 400) + "..." : text;
        }
    }
}
