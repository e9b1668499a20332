package io.github.fpauth.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.RandomPasswords;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

public class AdminBootstrapTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new CountingHasher(), PasswordPolicy.defaults());
    }

    private boolean bootstrap(Map<String, String> env, Map<String, String> properties) {
        return new AdminBootstrap(env::get, properties::get, new RandomPasswords(new SecureRandom()))
                .createAdminIfEmpty(directory);
    }

    private void assertAdminWithPassword(String password) {
        User admin = directory.find("admin");
        assertEquals(Set.of("fp_admin"), admin.roles());
        assertTrue(admin.authUser().isAdmin());
        assertTrue(directory.verifyPassword("admin", password).isPresent());
    }

    @Test
    public void theEnvironmentVariableComesFirst() {
        assertTrue(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", "from-the-env"),
                Map.of("fpauth.admin.password", "from-the-property")));
        assertAdminWithPassword("from-the-env");
        assertFalse(directory.verifyPassword("admin", "from-the-property").isPresent());
    }

    @Test
    public void thenTheFrameworkProperty() {
        assertTrue(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", ""), Map.of("fpauth.admin.password", "from-the-property")));
        assertAdminWithPassword("from-the-property");
    }

    @Test
    public void elseARandomPasswordAndNeverADefaultOne() {
        assertTrue(bootstrap(Map.of(), Map.of()));
        User admin = directory.find("admin");
        assertEquals(Set.of("fp_admin"), admin.roles());
        for (String guess : new String[] {"admin", "password", "fpauth", "changeme", "admin123"}) {
            assertFalse(guess, directory.verifyPassword("admin", guess).isPresent());
        }
    }

    @Test
    public void aSuppliedPasswordBelowThePolicyIsReplacedByARandomOne() {
        assertTrue(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", "admin"), Map.of()));
        assertEquals(Set.of("fp_admin"), directory.find("admin").roles());
        assertFalse(directory.verifyPassword("admin", "admin").isPresent());
    }

    @Test
    public void aStoreWithUsersIsLeftAlone() {
        directory.addUser("alice", "correct horse", List.of());
        assertFalse(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", "from-the-env"), Map.of()));
        assertEquals(null, directory.find("admin"));
    }

    @Test
    public void onlyTheFirstStartCreatesTheAdmin() {
        assertTrue(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", "first-password"), Map.of()));
        assertFalse(bootstrap(Map.of("FPAUTH_ADMIN_PASSWORD", "second-password"), Map.of()));
        assertAdminWithPassword("first-password");
    }
}
