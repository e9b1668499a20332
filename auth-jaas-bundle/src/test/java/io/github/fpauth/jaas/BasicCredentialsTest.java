package io.github.fpauth.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.Test;

public class BasicCredentialsTest {

    private static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void absentOrOtherSchemeIsNoCredentials() throws Exception {
        assertNull(BasicCredentials.parse(null));
        assertNull(BasicCredentials.parse("Bearer abc"));
        assertNull(BasicCredentials.parse("Basicx"));
    }

    @Test
    public void readsUserAndPasswordThePasswordMayHoldColons() throws Exception {
        BasicCredentials credentials = BasicCredentials.parse(basic("karaf:pa:ss wörd"));
        assertEquals("karaf", credentials.user());
        assertEquals("pa:ss wörd", credentials.password());
        assertEquals("the scheme is case-insensitive", "karaf",
                BasicCredentials.parse("bAsIc " + basic("karaf:x").substring(6)).user());
    }

    @Test
    public void emptyPasswordIsReadAsSuchTheRealmDecides() throws Exception {
        assertEquals("", BasicCredentials.parse(basic("karaf:")).password());
    }

    @Test
    public void malformedBasicIsRefused() {
        assertThrows(BasicCredentials.MalformedException.class, () -> BasicCredentials.parse("Basic %%%"));
        assertThrows(BasicCredentials.MalformedException.class, () -> BasicCredentials.parse(basic("no-colon")));
        assertThrows(BasicCredentials.MalformedException.class, () -> BasicCredentials.parse(basic(":password")));
        assertThrows(BasicCredentials.MalformedException.class, () -> BasicCredentials.parse(basic("a\u0001b:x")));
        assertThrows(BasicCredentials.MalformedException.class,
                () -> BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(new byte[] { 'a', ':', (byte) 0xC3 })));
        assertThrows(BasicCredentials.MalformedException.class,
                () -> BasicCredentials.parse("Basic " + "A".repeat(BasicCredentials.MAX_HEADER_LENGTH)));
    }

    @Test
    public void toStringNeverShowsThePassword() throws Exception {
        String shown = BasicCredentials.parse(basic("karaf:secret-value")).toString();
        assertEquals("BasicCredentials[karaf]", shown);
    }
}
