package io.github.fpauth.user.external;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.login.ExternalIdentity;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.password.Pbkdf2PasswordHasher;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;

/** Which local user a sign-in of another provider becomes, over a real file-backed directory. */
public class AccountLinksTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoredUserDirectory directory;
    private AccountLinks links;

    @Before
    public void setUp() throws Exception {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new Pbkdf2PasswordHasher(1_000), PasswordPolicy.defaults());
        links = new AccountLinks(directory);
    }

    private static ExternalIdentity.Builder kc(String subject) {
        return ExternalIdentity.builder("keycloak", subject);
    }

    @Test
    public void aFirstSignInCreatesAUserNamedAfterThePreferredNameAndLinksItBySubject() throws Exception {
        User carol = links.resolve(kc("sub-1").preferredName("Carol").displayName("Carol C.")
                .email("carol@example.org", true).roles(Set.of("fp_admin"), Set.of("fp_admin")).build());
        assertEquals("carol", carol.name());
        assertEquals("Carol C.", carol.displayName());
        assertEquals("carol@example.org", carol.email());
        assertEquals(Set.of("fp_admin"), carol.roles());
        assertEquals(Set.of("keycloak:sub-1"), carol.linkedIdentities());
        assertTrue("no password anyone knows", directory.verifyPassword("carol", "").isEmpty());

        // later sign-ins find the same user by subject, whatever the name or address became
        User again = links.resolve(kc("sub-1").preferredName("someone-else").email("new@example.org", true).build());
        assertEquals("carol", again.name());
        assertEquals(1, directory.users().size());
    }

    @Test
    public void aTakenPreferredNameIsNeverLinkedByName() throws Exception {
        directory.addUser("admin", "admin-Secret-123", List.of("fp_admin"));
        User other = links.resolve(kc("sub-2").preferredName("admin").build());
        assertEquals("admin@keycloak", other.name());
        assertEquals(Set.of(), other.roles());
        assertEquals(Set.of(), directory.find("admin").linkedIdentities());

        directory.addUser("bob", "bob-Secret-1234", List.of());
        directory.addUser("bob@keycloak", "bob-Secret-1234", List.of());
        try {
            links.resolve(kc("sub-3").preferredName("bob").build());
            fail("linked to an existing account by name");
        } catch (AccountLinks.RefusedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no free user name"));
        }
    }

    @Test
    public void anUnverifiedAddressIsNeitherStoredNorUsedToLink() throws Exception {
        directory.addUser("dave", "dave-Secret-1234", List.of());
        directory.setEmail("dave", "dave@example.org");
        User created = links.resolve(kc("sub-4").preferredName("dave2").email("dave@example.org", false)
                .linkByVerifiedEmail(true).build());
        assertEquals("dave2", created.name());
        assertNull(created.email());
        assertEquals(Set.of(), directory.find("dave").linkedIdentities());
    }

    @Test
    public void aVerifiedAddressLinksToItsOneHolderOnlyWhenTheProviderAllowsIt() throws Exception {
        directory.addUser("erin", "erin-Secret-1234", List.of("staff"));
        directory.setEmail("erin", "Erin@Example.org");

        User notLinked = links.resolve(kc("sub-5").preferredName("erin-kc").email("erin@example.org", true).build());
        assertEquals("erin-kc", notLinked.name());
        assertEquals(Set.of(), directory.find("erin").linkedIdentities());
        directory.removeUser("erin-kc");

        User linked = links.resolve(kc("sub-6").email("erin@example.org", true).linkByVerifiedEmail(true).build());
        assertEquals("erin", linked.name());
        assertEquals(Set.of("keycloak:sub-6"), linked.linkedIdentities());
        assertEquals("local roles stay", Set.of("staff"), linked.roles());

        // another subject of the same provider with that address is not the same person
        try {
            links.resolve(kc("sub-7").email("erin@example.org", true).linkByVerifiedEmail(true).build());
            fail("relinked to another subject");
        } catch (AccountLinks.RefusedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("linked to another subject"));
        }
    }

    @Test
    public void twoHoldersOfTheAddressRefuseTheLink() throws Exception {
        directory.addUser("f1", "f1-Secret-12345", List.of());
        directory.addUser("f2", "f2-Secret-12345", List.of());
        directory.setEmail("f1", "f@example.org");
        directory.setEmail("f2", "f@example.org");
        try {
            links.resolve(kc("sub-8").email("f@example.org", true).linkByVerifiedEmail(true).build());
            fail("linked to one of two holders");
        } catch (AccountLinks.RefusedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("2 users"));
        }
    }

    @Test
    public void theProviderGivesAndTakesTheRolesItManagesOnlyAndLeavesTheOthers() throws Exception {
        Set<String> managed = Set.of("fp_admin", "editor");
        links.resolve(kc("sub-9").preferredName("gina").roles(Set.of("fp_admin"), managed).build());
        directory.setRoles("gina", List.of("fp_admin", "local-role"));

        User after = links.resolve(kc("sub-9").roles(Set.of("editor"), managed).build());
        assertEquals(Set.of("editor", "local-role"), after.roles());
        assertEquals(Set.of("editor", "local-role"), directory.find("gina").roles());
    }

    @Test
    public void anIdentityWithAnUnusableProviderNameIsRefused() throws Exception {
        try {
            links.resolve(ExternalIdentity.builder("Bad Name", "sub").build());
            fail("accepted");
        } catch (AccountLinks.RefusedException e) {
            assertFalse(e.userMessage().isEmpty());
        }
        assertEquals(Optional.empty(), directory.findLinked("Bad Name:sub"));
    }
}
