package io.github.fpauth.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

import io.github.fpauth.api.AuthResult;

public class JaasAuthManagerTest {

    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final Configuration realms = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (!"karaf".equals(name) && !"other".equals(name)) {
                return null;
            }
            Map<String, String> users = "karaf".equals(name)
                    ? Map.of("karaf", "karaf-pw:admin,viewer", "bob", "bob-pw:viewer")
                    : Map.of("carol", "carol-pw:admin");
            return new AppConfigurationEntry[] { new AppConfigurationEntry(TestLoginModule.class.getName(),
                    LoginModuleControlFlag.REQUIRED, Map.of("users", users, "logins", logins)) };
        }
    };

    private JaasAuthManager manager(String realm, int ttlSeconds) {
        return new JaasAuthManager(config(realm, ttlSeconds), realms, now::get);
    }

    private static HttpServletRequest request(String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeader("Authorization")).thenReturn(authorization.length == 0 ? null : authorization[0]);
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
        return request;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void isNamedKarafJaas() {
        assertEquals("karaf_jaas", manager("karaf", 30).name());
    }

    @Test
    public void noHeaderOrAnotherSchemeIsNoCredentials() {
        JaasAuthManager manager = manager("karaf", 30);
        assertEquals(AuthResult.Status.NO_CREDENTIALS, manager.authenticate(request()).status());
        assertEquals(AuthResult.Status.NO_CREDENTIALS, manager.authenticate(request("Bearer x")).status());
        assertEquals(0, logins.get());
    }

    @Test
    public void realmUserIsAuthenticatedWithMappedRoles() {
        AuthResult result = manager("karaf", 30).authenticate(request(basic("karaf", "karaf-pw")));
        assertTrue(result.isAuthenticated());
        assertEquals("karaf", result.user().getName());
        assertEquals(Set.of("fp_admin", "viewer"), result.user().roles());
        assertTrue(result.user().isAdmin());
        assertEquals(result.user().roles(), result.scopes());

        AuthResult bob = manager("karaf", 30).authenticate(request(basic("bob", "bob-pw")));
        assertFalse(bob.user().isAdmin());
    }

    @Test
    public void wrongPasswordUnknownUserAndMalformedFail() {
        JaasAuthManager manager = manager("karaf", 30);
        assertSame(JaasAuthManager.INVALID, manager.authenticate(request(basic("karaf", "wrong"))));
        assertSame(JaasAuthManager.INVALID, manager.authenticate(request(basic("nobody", "karaf-pw"))));
        assertSame(JaasAuthManager.MALFORMED, manager.authenticate(request("Basic !!!")));
        assertSame("two Authorization headers are ambiguous", JaasAuthManager.MALFORMED,
                manager.authenticate(request(basic("karaf", "karaf-pw"), basic("bob", "bob-pw"))));
    }

    @Test
    public void verifiedCredentialsSkipTheJaasLoginUntilTheTtlRunsOut() {
        JaasAuthManager manager = manager("karaf", 30);
        for (int i = 0; i < 5; i++) {
            assertTrue(manager.authenticate(request(basic("karaf", "karaf-pw"))).isAuthenticated());
        }
        assertEquals(1, logins.get());

        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(manager.authenticate(request(basic("karaf", "karaf-pw"))).isAuthenticated());
        assertEquals(2, logins.get());
    }

    @Test
    public void refusedCredentialsAreNeverCached() {
        JaasAuthManager manager = manager("karaf", 30);
        manager.authenticate(request(basic("karaf", "wrong")));
        manager.authenticate(request(basic("karaf", "wrong")));
        assertEquals(2, logins.get());
    }

    @Test
    public void missingRealmFailsClosed() {
        AuthResult result = manager("no-such-realm", 30).authenticate(request(basic("karaf", "karaf-pw")));
        assertSame(JaasAuthManager.INVALID, result);
    }

    @Test
    public void reconfigurationSwitchesRealmAndForgetsVerifiedCredentials() {
        JaasAuthManager manager = manager("karaf", 30);
        assertTrue(manager.authenticate(request(basic("karaf", "karaf-pw"))).isAuthenticated());

        manager.modified(config("other", 30));
        assertFalse("the old realm's user is not trusted from the cache",
                manager.authenticate(request(basic("karaf", "karaf-pw"))).isAuthenticated());
        assertTrue(manager.authenticate(request(basic("carol", "carol-pw"))).user().isAdmin());
    }

    static JaasConfiguration config(String realm, int ttlSeconds) {
        return new JaasConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JaasConfiguration.class;
            }

            @Override
            public String realm() {
                return realm;
            }

            @Override
            public String adminRole() {
                return "admin";
            }

            @Override
            public String[] rolePrincipalClasses() {
                return new String[] { RoleMappingTest.TestRole.class.getName() };
            }

            @Override
            public int credentialCacheTtlSeconds() {
                return ttlSeconds;
            }

            @Override
            public int credentialCacheSize() {
                return 100;
            }
        };
    }
}
