package io.github.fpauth.core.guard;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class ProtectedPathTest {

    @Test
    public void aPrefixCoversItselfAndWhatIsBelowIt() {
        assertArrayEquals(new String[] { "/reports", "/reports/*" }, ProtectedPath.patterns("/reports"));
        assertArrayEquals(new String[] { "/reports", "/reports/*" }, ProtectedPath.patterns("/reports/"));
        assertArrayEquals(new String[] { "/a/b", "/a/b/*" }, ProtectedPath.patterns("/a/b"));
    }

    @Test
    public void slashProtectsTheWholeContext() {
        assertArrayEquals(new String[] { "/*" }, ProtectedPath.patterns("/"));
        assertArrayEquals(new String[] { "/*" }, ProtectedPath.patterns(""));
    }

    @Test
    public void prefixesThatAreNotPlainPathsAreRejected() {
        for (String bad : new String[] { "reports", "/a//b", "/a/../b", "/a/./b", "/a;x", "/a%2f", "/a\\b", "/a*",
            "/a b", "/a\u0000" }) {
            assertThrows(bad, IllegalArgumentException.class, () -> ProtectedPath.patterns(bad));
        }
    }

    @Test
    public void contextSelection() {
        assertEquals(WhiteboardPlacement.ALL_CONTEXTS, ProtectedPath.contextSelect("*"));
        assertEquals("(osgi.http.whiteboard.context.name=shop)", ProtectedPath.contextSelect("shop"));
        assertThrows(IllegalArgumentException.class, () -> ProtectedPath.contextSelect("a)(b=*"));
    }
}
