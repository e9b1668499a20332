package io.github.fpauth.core.guard;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class UrlPatternTest {

    @Test
    public void theServletSpecificationsPatternsAreWellFormed() {
        for (String good : new String[] { "", "/", "/*", "/a", "/a/b", "/a/*", "*.jsp", "/a.b" }) {
            assertTrue(good, UrlPattern.isWellFormed(good));
        }
    }

    @Test
    public void anythingElseIsNot() {
        for (String bad : new String[] { null, "a", "a/*", "/a/", "/a*", "/a/*/b", "/*/", "*.", "*.a/b", "*.a*",
            "/a?b", "**" }) {
            assertFalse(String.valueOf(bad), UrlPattern.isWellFormed(bad));
        }
    }
}
