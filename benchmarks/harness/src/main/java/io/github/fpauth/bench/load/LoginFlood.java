package io.github.fpauth.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Wrong-password logins as fast as a few clients can send them, the worst case for the server:
 * each attempt names a random account and comes from another loopback address (127.0.0.2 to
 * 127.0.0.254), so neither a per-account nor a per-address throttle stops it, and each costs the
 * server a password hash unless something bounds them. One connection per attempt.
 */
final class LoginFlood implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLongArray statuses = new AtomicLongArray(600);
    private final AtomicLong failures = new AtomicLong();
    private final Thread[] threads;

    /** Basic with wrong passwords on a protected route; or, with {@code form} set, that form posted to the path. */
    LoginFlood(int port, int clients, String path, FormAttempt form) {
        threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads[i] = new Thread(() -> {
                long attempt = client;
                while (running.get()) {
                    attempt += clients;
                    String source = "127.0.0." + (2 + attempt % 253);
                    String account = "user" + ThreadLocalRandom.current().nextInt(1_000_000);
                    String password = "wrong-" + ThreadLocalRandom.current().nextLong();
                    try {
                        byte[] request = form == null
                                ? ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\nAuthorization: "
                                        + Http.basic(account, password) + "\r\nConnection: close\r\n\r\n")
                                        .getBytes(StandardCharsets.UTF_8)
                                : form.request(path, account, password);
                        statuses.incrementAndGet(send(source, port, request));
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "flood-" + i);
            threads[i].setDaemon(true);
        }
    }

    /** Builds one form login request; a fresh form (and its CSRF token) is the sender's business. */
    interface FormAttempt {
        byte[] request(String path, String account, String password) throws IOException;
    }

    LoginFlood start() {
        for (Thread thread : threads) {
            thread.start();
        }
        return this;
    }

    static int send(String source, int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            in.readAllBytes();
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /** e.g. "401: 1234, 429: 20" */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (int status = 0; status < statuses.length(); status++) {
            long count = statuses.get(status);
            if (count > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(status).append(": ").append(count);
            }
        }
        if (failures.get() > 0) {
            out.append(out.length() == 0 ? "" : ", ").append("connection failures: ").append(failures.get());
        }
        return out.toString();
    }

    long attempts() {
        long total = 0;
        for (int status = 0; status < statuses.length(); status++) {
            total += statuses.get(status);
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(70_000);
        }
    }
}
