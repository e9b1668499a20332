package io.github.fpauth.core.firewall;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class RequestTargetCheckTest {

    private static void refused(String reason, String... paths) {
        for (String path : paths) {
            assertEquals(path, reason, RequestTargetCheck.problem(path));
        }
    }

    @Test
    public void plainPathsPass() {
        for (String path : new String[] { "/", "/admin", "/admin/", "/admin/users", "/api/me", "/a-b_c~d.e/f",
            "/%20space", "/caf%C3%A9", "/file.txt", "/.well-known/x", "/a..b", "/..." }) {
            assertNull(path, RequestTargetCheck.problem(path));
        }
    }

    @Test
    public void pathParametersAreRefused() {
        refused("path parameter", "/admin;x=1", "/admin;/", "/;");
        refused("encoded path parameter", "/admin%3bx", "/admin%3B");
    }

    @Test
    public void encodedSeparatorsAreRefused() {
        refused("encoded slash", "/admin%2fusers", "/admin%2Fusers", "/%2f%2fevil");
        refused("encoded backslash", "/admin%5cusers", "/admin%5C");
        refused("encoded dot", "/%2e%2e/admin", "/admin/%2E", "/%2e/admin");
        refused("encoded percent", "/admin%252fusers", "/%25");
    }

    @Test
    public void backslashesAreRefused() {
        refused("backslash in path", "/admin\\users", "/\\evil");
    }

    @Test
    public void dotSegmentsAndEscapingTheRootAreRefused() {
        refused("dot segment", "/./admin", "/a/./b", "/a/.", "/public/../admin", "/a/..");
        refused("path above the root", "/../admin", "/..");
    }

    @Test
    public void emptySegmentsAreRefused() {
        refused("empty path segment", "//admin", "/admin//users", "/a//");
    }

    @Test
    public void controlCharactersAreRefused() {
        refused("control character in path", "/admin\u0000", "/a\tb", "/a\rb", "/a\u007f");
        refused("encoded control character", "/admin%00", "/a%0d%0aSet-Cookie:x", "/a%7F", "/a%1f");
    }

    @Test
    public void brokenPercentEncodingIsRefused() {
        refused("invalid percent-encoding", "/a%", "/a%2", "/a%zz", "/a%g0", "/%%30");
    }

    @Test
    public void otherFormsAreRefused() {
        refused("path does not start with /", "admin", "*");
        refused("non-ASCII character in path", "/caf\u00e9");
    }
}
