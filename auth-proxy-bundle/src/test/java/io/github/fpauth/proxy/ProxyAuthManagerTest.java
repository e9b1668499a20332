package io.github.fpauth.proxy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.Roles;

public class ProxyAuthManagerTest {

    private static final String PROXY = "10.0.0.5";

    @Test
    public void aUserNamedByATrustedProxyIsSignedInWithTheMappedRoles() {
        AuthResult result = manager(config()).authenticate(request(PROXY, "X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "admins, staff"));
        assertTrue(result.isAuthenticated());
        assertEquals("alice", result.user().getName());
        assertEquals(Set.of(Roles.ADMIN), result.user().roles());
    }

    @Test
    public void theSameHeadersFromAnUntrustedAddressAreIgnored() {
        AuthResult result = manager(config()).authenticate(request("192.0.2.1", "X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "admins"));
        assertSame(AuthResult.noCredentials(), result);
    }

    @Test
    public void aTrustedProxyWithoutTheUserHeaderSendsAnAnonymousRequest() {
        assertSame(AuthResult.noCredentials(), manager(config()).authenticate(request(PROXY)));
    }

    @Test
    public void twoValuesOfTheUserHeaderAreRefused() {
        AuthResult result = manager(config()).authenticate(request(PROXY, "X-Forwarded-User", "alice",
                "X-Forwarded-User", "admin"));
        assertSame(ProxyAuthManager.AMBIGUOUS, result);
    }

    @Test
    public void aUserNameWithControlCharactersOrTooLongIsRefused() {
        ProxyAuthManager manager = manager(config());
        assertSame(ProxyAuthManager.MALFORMED, manager.authenticate(request(PROXY, "X-Forwarded-User", "admin\r\nX: y")));
        assertSame(ProxyAuthManager.MALFORMED, manager.authenticate(request(PROXY, "X-Forwarded-User", "a".repeat(257))));
        assertSame(ProxyAuthManager.MALFORMED, manager.authenticate(request(PROXY, "X-Forwarded-User", "  ")));
    }

    @Test
    public void aUtf8NameSentByTheProxyIsReadAsUtf8() {
        String latin1 = new String("Zoë".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        AuthResult result = manager(config()).authenticate(request(PROXY, "X-Forwarded-User", latin1));
        assertEquals("Zoë", result.user().getName());
    }

    @Test
    public void withASharedSecretOnlyRequestsCarryingItAreBelieved() {
        Map<String, Object> settings = config();
        settings.put("secretHeader", "X-Proxy-Secret");
        settings.put(".secret", "s3cret-value");
        ProxyAuthManager manager = manager(settings);
        assertTrue(manager.authenticate(request(PROXY, "X-Forwarded-User", "alice", "X-Proxy-Secret", "s3cret-value"))
                .isAuthenticated());
        assertSame(ProxyAuthManager.BAD_SECRET, manager.authenticate(request(PROXY, "X-Forwarded-User", "alice",
                "X-Proxy-Secret", "s3cret-valu")));
        assertSame(ProxyAuthManager.BAD_SECRET, manager.authenticate(request(PROXY, "X-Forwarded-User", "alice")));
        assertSame(ProxyAuthManager.BAD_SECRET, manager.authenticate(request(PROXY, "X-Forwarded-User", "alice",
                "X-Proxy-Secret", "s3cret-value", "X-Proxy-Secret", "other")));
    }

    @Test
    public void groupsCanBePassedAsRolesAndTheDisplayNameTakenFromAHeader() {
        Map<String, Object> settings = config();
        settings.put("groupsAsRoles", true);
        settings.put("displayNameHeader", "X-Forwarded-Preferred-Username");
        AuthResult result = manager(settings).authenticate(request(PROXY, "X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "admins,staff", "X-Forwarded-Preferred-Username", "Alice A."));
        assertEquals(Set.of(Roles.ADMIN, "admins", "staff"), result.user().roles());
        assertEquals("Alice A.", result.user().displayName());
    }

    @Test
    public void withoutTrustedProxiesTheManagerDoesNotStart() {
        Map<String, Object> settings = config();
        settings.put("trustedProxies", new String[0]);
        assertThrows(IllegalArgumentException.class, () -> manager(settings));
        Map<String, Object> secretless = config();
        secretless.put("secretHeader", "X-Proxy-Secret");
        assertThrows(IllegalArgumentException.class, () -> manager(secretless));
    }

    @Test
    public void aBrokenNewConfigurationTrustsNoProxyRatherThanTheOldOnes() {
        ProxyAuthManager manager = manager(config());
        Map<String, Object> broken = config();
        broken.put("trustedProxies", new String[] {"proxy.example.org"});
        manager.modified(configuration(broken));
        assertFalse(manager.authenticate(request(PROXY, "X-Forwarded-User", "alice")).isAuthenticated());
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> config() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("trustedProxies", new String[] {"10.0.0.0/24"});
        settings.put("roleMapping", new String[] {"admins=" + Roles.ADMIN});
        return settings;
    }

    private static ProxyAuthManager manager(Map<String, Object> settings) {
        return new ProxyAuthManager(configuration(settings));
    }

    /** The configuration type over a map, with the annotation's defaults for what the map lacks. */
    private static ProxyConfiguration configuration(Map<String, Object> settings) {
        return (ProxyConfiguration) java.lang.reflect.Proxy.newProxyInstance(ProxyConfiguration.class.getClassLoader(),
                new Class<?>[] {ProxyConfiguration.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == Annotation.class) {
                        return method.getName().equals("annotationType") ? ProxyConfiguration.class : null;
                    }
                    String key = method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
                    Object value = settings.get(key);
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private static HttpServletRequest request(String address, String... headers) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(address);
        Map<String, List<String>> byName = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            byName.computeIfAbsent(headers[i], n -> new java.util.ArrayList<>()).add(headers[i + 1]);
        }
        when(request.getHeader(org.mockito.ArgumentMatchers.anyString())).thenAnswer(a -> {
            List<String> values = byName.get((String) a.getArgument(0));
            return values == null ? null : values.get(0);
        });
        when(request.getHeaders(org.mockito.ArgumentMatchers.anyString())).thenAnswer(a -> Collections.enumeration(
                byName.getOrDefault((String) a.getArgument(0), List.of())));
        return request;
    }
}
