package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class PasswordPolicyTest {

    private static String refusal(PasswordPolicy policy, String password) {
        try {
            policy.check(password);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted " + password);
        return null;
    }

    @Test
    public void defaultsAreEightToTenTwentyFour() {
        PasswordPolicy policy = PasswordPolicy.defaults();
        assertEquals(8, policy.minLength());
        assertEquals(1024, policy.maxLength());
        policy.check("12345678");
        policy.check("x".repeat(1024));
        assertTrue(refusal(policy, "1234567").contains("at least 8"));
        assertTrue(refusal(policy, "x".repeat(1025)).contains("at most 1024"));
    }

    @Test
    public void refusesEmptyAndControlCharacters() {
        PasswordPolicy policy = new PasswordPolicy(1, 100);
        assertTrue(refusal(policy, "").contains("empty"));
        assertTrue(refusal(policy, null).contains("empty"));
        assertTrue(refusal(policy, "abc\ndefgh").contains("control"));
        assertTrue(refusal(policy, "abc\u0000defgh").contains("control"));
    }

    @Test
    public void messagesNeverEchoThePassword() {
        assertFalse(refusal(PasswordPolicy.defaults(), "hunter2").contains("hunter2"));
    }

    @Test
    public void boundsAreClamped() {
        PasswordPolicy policy = new PasswordPolicy(0, 5000);
        assertEquals(1, policy.minLength());
        assertEquals(1024, policy.maxLength());
        PasswordPolicy inverted = new PasswordPolicy(20, 10);
        assertEquals(10, inverted.minLength());
        assertEquals(10, inverted.maxLength());
    }
}
