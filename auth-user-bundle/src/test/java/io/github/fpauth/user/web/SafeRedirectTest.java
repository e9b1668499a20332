package io.github.fpauth.user.web;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SafeRedirectTest {

    @Test
    public void pathsOfThisSiteAreKept() {
        for (String next : new String[] {"/", "/admin", "/api/me?a=b&c=%20d", "/reports/2024/q1#top", "/a%2Fb",
            "/caf%C3%A9"}) {
            assertEquals(next, next, SafeRedirect.target(next));
        }
    }

    @Test
    public void everythingElseGoesHome() {
        String[] hostile = {null, "", "//evil.com", "///evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com",
            "https://evil.com", "http:/evil.com", "HTTPS://evil.com", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
            "data:text/html,x", "evil.com", "./x", "../x", "/%2F%2Fevil.com", "/%2fevil.com", "%2F%2Fevil.com",
            "/%5Cevil.com", "/%5cevil.com", "/%252F%252Fevil.com", "/%25252F%25252Fevil.com", "/ok\r\nSet-Cookie: x=y",
            "/ok%0d%0aSet-Cookie:x=y", "/ok%0D%0A", "/\tevil", " /evil", "/ evil", "/%09/evil.com", "/%zz", "/%",
            "/%2", "/caf\u00e9", "/x\u0000", "/x%00", "/" + "a".repeat(3000)};
        for (String next : hostile) {
            assertEquals(String.valueOf(next), "/", SafeRedirect.target(next));
        }
    }
}
