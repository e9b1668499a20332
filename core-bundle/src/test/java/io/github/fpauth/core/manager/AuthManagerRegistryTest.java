package io.github.fpauth.core.manager;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;

public class AuthManagerRegistryTest {

    static AuthManager named(String name) {
        return new AuthManager() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return AuthResult.noCredentials();
            }
        };
    }

    static Map<String, Object> props(long id, int ranking) {
        return RegistryFixture.props(id, ranking);
    }

    static CoreConfiguration config(String manager, boolean strict) {
        return RegistryFixture.config(manager, strict);
    }

    @Test
    public void managersComeAndGoAndTheSnapshotFollows() {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        registry.configure(config("", false));
        assertFalse(registry.isAuthEnabled());

        AuthManager user = named("auth_user");
        registry.bindManager(user, props(1, 0));
        assertEquals(Optional.of("auth_user"), registry.activeManager());

        AuthManager plugin = named("plugin");
        registry.bindManager(plugin, props(2, 10));
        assertEquals(Optional.of("plugin"), registry.activeManager());
        assertEquals(List.of("plugin", "auth_user"), registry.managers());

        registry.unbindManager(plugin, props(2, 10));
        assertEquals(Optional.of("auth_user"), registry.activeManager());
        registry.unbindManager(user, props(1, 0));
        assertFalse(registry.isAuthEnabled());
    }

    @Test
    public void aSnapshotTakenBeforeASwapKeepsItsManager() {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        registry.configure(config("", false));
        AuthManager user = named("auth_user");
        registry.bindManager(user, props(1, 0));
        AuthSnapshot before = registry.snapshot();
        registry.unbindManager(user, props(1, 0));
        assertEquals("auth_user", before.activeOrNull().name());
        assertFalse(registry.snapshot().active().isPresent());
    }

    @Test
    public void configurationChangesApplyWithoutRebinding() {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        registry.configure(config("", false));
        registry.bindManager(named("auth_user"), props(1, 0));
        registry.bindManager(named("plugin"), props(2, 10));
        registry.configure(config("auth_user", true));
        assertEquals(Optional.of("auth_user"), registry.activeManager());
        assertTrue(registry.isStrict());
        assertEquals(Optional.of("auth_user"), registry.configuredManager());
    }

    @Test
    public void rankingUpdatesReorderManagers() {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        registry.configure(config("", false));
        AuthManager a = named("a");
        registry.bindManager(a, props(1, 0));
        registry.bindManager(named("b"), props(2, 5));
        registry.updatedManager(a, props(1, 50));
        assertEquals(Optional.of("a"), registry.activeManager());
    }

    @Test
    public void aManagerWithoutANameIsIgnored() {
        AuthManagerRegistry registry = new AuthManagerRegistry();
        registry.configure(config("", false));
        registry.bindManager(named(" "), props(1, 0));
        registry.bindManager(new AuthManager() {
            @Override
            public String name() {
                throw new IllegalStateException("broken");
            }

            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return AuthResult.noCredentials();
            }
        }, props(2, 0));
        assertTrue(registry.managers().isEmpty());
    }
}
