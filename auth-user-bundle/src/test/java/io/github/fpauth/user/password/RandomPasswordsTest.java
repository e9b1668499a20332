package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class RandomPasswordsTest {

    @Test
    public void longAlphanumericAndDistinct() {
        RandomPasswords passwords = new RandomPasswords(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = passwords.next();
            assertTrue(password.length() >= 20);
            assertTrue(password, password.matches("[A-Za-z0-9]+"));
            PasswordPolicy.defaults().check(password);
            seen.add(password);
        }
        assertEquals(200, seen.size());
    }
}
