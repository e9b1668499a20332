package io.github.fpauth.user.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class UserNamesTest {

    private static String refusal(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted");
        return null;
    }

    @Test
    public void validNames() {
        for (String name : new String[] {"admin", "a", "alice.smith@example.org", "zoë", "user_1-2", "x".repeat(64)}) {
            assertTrue(name, UserNames.isValidName(name));
            assertEquals(name, UserNames.requireValidName(name));
        }
    }

    @Test
    public void invalidNames() {
        for (String name : new String[] {null, "", " ", "a b", "a:b", "a\tb", "a\nb", "a\u0000", "a\u00a0b", "a\u2003b",
            "a\u007fb", "x".repeat(65)}) {
            assertFalse(String.valueOf(name), UserNames.isValidName(name));
            String message = refusal(() -> UserNames.requireValidName(name));
            assertTrue(message, message.startsWith("a user name must"));
        }
    }

    @Test
    public void messagesShowControlCharactersEscaped() {
        String message = refusal(() -> UserNames.requireValidName("a\u001bb"));
        assertTrue(message, message.contains("a\\u001bb"));
        assertFalse(message.contains("\u001b"));
    }

    @Test
    public void roles() {
        assertEquals(List.of("a", "b"), List.copyOf(UserNames.requireValidRoles(List.of("b", "a", "b"))));
        for (String role : new String[] {"", "a b", "a,b", "a\n", "x".repeat(65)}) {
            refusal(() -> UserNames.requireValidRole(role));
        }
    }

    @Test
    public void displayNames() {
        assertEquals("Zoë O'Neil, Ph.D.", UserNames.requireValidDisplayName("Zoë O'Neil, Ph.D."));
        refusal(() -> UserNames.requireValidDisplayName(" "));
        refusal(() -> UserNames.requireValidDisplayName("a\nb"));
        refusal(() -> UserNames.requireValidDisplayName("x".repeat(129)));
    }

    @Test
    public void usersAreValidatedAndHideTheirHash() {
        refusal(() -> User.create("a b", "$h", Set.of()));
        refusal(() -> User.create("alice", "", Set.of()));
        refusal(() -> User.create("alice", "$h", Set.of("bad role")));
        User alice = User.create("alice", "$secret-hash", Set.of("fp_admin"));
        assertFalse(alice.toString().contains("secret"));
        assertEquals("alice", alice.authUser().displayName());
        assertTrue(alice.authUser().isAdmin());
    }

    @Test
    public void anEmailAddressCannotCarryAHeaderARecipientOrAnotherAddress() {
        assertEquals("mia.o'neil+reset@mail.example.org", UserNames.requireValidEmail("mia.o'neil+reset@mail.example.org"));
        for (String hostile : new String[] {"", "mia", "mia@example", "@example.org", "mia@@example.org",
            "mia@example.org\r\nBcc: eve@example.org", "mia@example.org, eve@example.org", "Mia <mia@example.org>",
            "\"mia\"@example.org", "mia @example.org", "mïa@example.org", "a".repeat(250) + "@example.org"}) {
            try {
                UserNames.requireValidEmail(hostile);
                fail("accepted: " + hostile);
            } catch (IllegalArgumentException e) {
                assertFalse("no raw control characters in the message", e.getMessage().contains("\r"));
            }
        }
    }
}
