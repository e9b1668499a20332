package io.github.fpauth.user.token;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class BearerAuthorizationTest {

    private static final String TOKEN = "fpat_" + "A".repeat(43);

    /** White space as String.strip counts it, and characters that only look like it. */
    private static final String[] SPACES = {"", " ", "  ", "\t", "\u2003", "\u3000", "\u001f", "\u00a0", "\u200b",
        "\ud83d\ude00", " \t\u2003 "};

    @Test
    public void readsTheHeaderAsStrippingACopyWould() {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "Basic!", "Bearer\t"}) {
            for (String before : SPACES) {
                for (String after : SPACES) {
                    for (String value : new String[] {TOKEN, "fpat_", "fpat", "abc.def", "", "x" + TOKEN}) {
                        String header = scheme + " " + before + value + after;
                        boolean ours = header.length() > 7 && header.regionMatches(true, 0, "Bearer", 0, 6)
                                && header.charAt(6) == ' ' && header.substring(6).strip().startsWith("fpat_");
                        assertEquals(header, ours, BearerAuthorization.isOurs(header));
                        if (ours) {
                            assertEquals(header, header.substring(6).strip(), BearerAuthorization.token(header));
                        }
                    }
                }
            }
        }
    }
}
