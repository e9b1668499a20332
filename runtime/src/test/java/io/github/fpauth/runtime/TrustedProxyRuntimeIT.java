package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.After;
import org.junit.Test;

/**
 * The runtime as an operator puts it behind a reverse proxy: {@code optional/proxy/} into
 * {@code deploy/} of a running node, with its example {@code .cfg} as shipped (which trusts
 * loopback, where this test's client plays the proxy). The proxy's user then reaches the admin
 * pages with the mapped role; removing the jar hands back to auth_user.
 */
public class TrustedProxyRuntimeIT {

    private static final String ADMIN_PASSWORD = "proxy-Admin-pw-8e2b";

    private RuntimeProcess runtime;

    @After
    public void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    public void optionalProxyInDeploySignsInTheProxysUserAndRemovingItHandsBackToAuthUser() throws Exception {
        runtime = RuntimeProcess.fresh("proxy").start(ADMIN_PASSWORD);
        runtime.awaitReady(true, Duration.ofSeconds(60));

        Path optional = runtime.folder().resolve("optional/proxy");
        Files.copy(optional.resolve("io.github.fpauth.proxy.cfg"), runtime.deployFolder().resolve("io.github.fpauth.proxy.cfg"));
        Path jar = runtime.deployFolder().resolve("auth-proxy-bundle.jar");
        Files.copy(optional.resolve("auth-proxy-bundle.jar"), jar);
        runtime.await("the proxy manager", Duration.ofSeconds(60),
                () -> runtime.get("/ready").body().contains("\"activeManager\":\"proxy\""));

        SharedStoreNodes.Reply admin = proxied("/admin", "X-Forwarded-User", "olivia", "X-Forwarded-Groups", "admins",
                "X-Forwarded-Preferred-Username", "Olivia");
        assertEquals(admin.toString(), 200, admin.status());
        SharedStoreNodes.Reply me = proxied("/api/me", "X-Forwarded-User", "olivia", "X-Forwarded-Groups", "staff");
        assertTrue(me.body(), me.body().contains("\"name\":\"olivia\"") && me.body().contains("\"admin\":false"));
        assertEquals("no user header: not signed in", 401, runtime.get("/admin").status());

        Files.delete(jar);
        runtime.await("auth_user back", Duration.ofSeconds(60),
                () -> runtime.get("/ready").body().contains("\"activeManager\":\"auth_user\""));
        assertEquals(401, proxied("/admin", "X-Forwarded-User", "olivia", "X-Forwarded-Groups", "admins").status());
        assertEquals(200, runtime.get("/admin", "admin", ADMIN_PASSWORD).status());
    }

    private SharedStoreNodes.Reply proxied(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return SharedStoreNodes.send(runtime, request);
    }
}
