package io.github.fpauth.user.basic;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.Test;

import io.github.fpauth.user.basic.BasicAuthorization.Outcome;

public class BasicAuthorizationTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static BasicCredentials credentials(String header) {
        BasicAuthorization parsed = BasicAuthorization.parse(header);
        assertEquals("outcome of " + header, Outcome.CREDENTIALS, parsed.outcome());
        return parsed.credentials();
    }

    private static void assertOutcome(Outcome expected, String header) {
        BasicAuthorization parsed = BasicAuthorization.parse(header);
        assertEquals("outcome of " + header, expected, parsed.outcome());
        if (expected != Outcome.CREDENTIALS) {
            assertNull(parsed.credentials());
        }
    }

    @Test
    public void readsUserAndPassword() {
        BasicCredentials c = credentials("Basic " + b64("alice:s3cret!"));
        assertEquals("alice", c.username());
        assertEquals("s3cret!", c.password());
    }

    @Test
    public void rfc7617Example() {
        BasicCredentials c = credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertEquals("Aladdin", c.username());
        assertEquals("open sesame", c.password());
    }

    @Test
    public void schemeIsCaseInsensitive() {
        for (String scheme : new String[] {"basic", "BASIC", "bAsIc"}) {
            assertEquals("bob", credentials(scheme + " " + b64("bob:pw")).username());
        }
    }

    @Test
    public void splitsAtTheFirstColonSoPasswordsMayHoldColons() {
        BasicCredentials c = credentials("Basic " + b64("bob:a:b::c:"));
        assertEquals("bob", c.username());
        assertEquals("a:b::c:", c.password());
    }

    @Test
    public void decodesUtf8() {
        BasicCredentials c = credentials("Basic " + b64("zoë:пароль€😀"));
        assertEquals("zoë", c.username());
        assertEquals("пароль€😀", c.password());
    }

    @Test
    public void toleratesSurroundingAndRepeatedSpaces() {
        assertEquals("bob", credentials("  Basic    " + b64("bob:pw") + "  ").username());
        assertEquals("bob", credentials("Basic\t" + b64("bob:pw")).username());
    }

    @Test
    public void acceptsMissingPadding() {
        String padded = b64("bob:pw1");
        assertTrue(padded.endsWith("="));
        assertEquals("pw1", credentials("Basic " + padded.replace("=", "")).password());
    }

    @Test
    public void noHeaderOrAnotherSchemeIsAbsent() {
        assertOutcome(Outcome.ABSENT, null);
        assertOutcome(Outcome.ABSENT, "");
        assertOutcome(Outcome.ABSENT, "   ");
        assertOutcome(Outcome.ABSENT, "Bearer abc.def.ghi");
        assertOutcome(Outcome.ABSENT, "Digest username=\"bob\"");
        assertOutcome(Outcome.ABSENT, "Negotiate " + b64("bob:pw"));
        assertOutcome(Outcome.ABSENT, "BasicX " + b64("bob:pw"));
        assertOutcome(Outcome.ABSENT, "Basi " + b64("bob:pw"));
        assertOutcome(Outcome.ABSENT, "Bas");
    }

    @Test
    public void anotherSchemeIsAbsentEvenWhenHuge() {
        assertOutcome(Outcome.ABSENT, "Bearer " + "a".repeat(10_000));
    }

    @Test
    public void basicWithoutCredentialsIsMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic");
        assertOutcome(Outcome.MALFORMED, "Basic ");
        assertOutcome(Outcome.MALFORMED, "basic     ");
    }

    @Test
    public void invalidBase64IsMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic !!!!");
        assertOutcome(Outcome.MALFORMED, "Basic Ym9i*cHc=");
        assertOutcome(Outcome.MALFORMED, "Basic Ym9iOnB3=x");
        assertOutcome(Outcome.MALFORMED, "Basic Ym9iO");
        // base64url alphabet is not what RFC 7617 uses
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(new byte[] {'a', ':', (byte) 0xfb, (byte) 0xff}).replace('+', '-').replace('/', '_'));
    }

    @Test
    public void authParamsInsteadOfAToken68AreMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic realm=\"x\", user=\"bob\"");
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:pw") + " " + b64("eve:pw"));
    }

    @Test
    public void missingColonIsMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bobpw"));
    }

    @Test
    public void emptyUserOrPasswordIsMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(":pw"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(":"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(""));
    }

    @Test
    public void controlCharactersAreMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bo\u0000b:pw"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:p\nw"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:pw\r"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob\t:pw"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:pw\u007f"));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:pw\u0085"));
    }

    @Test
    public void invalidUtf8IsMalformed() {
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(new byte[] {'b', 'o', 'b', ':', (byte) 0xe9, 'x'}));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(new byte[] {'b', ':', (byte) 0xc0, (byte) 0xaf}));
        assertOutcome(Outcome.MALFORMED, "Basic " + b64(new byte[] {'b', ':', (byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    }

    @Test
    public void passwordLengthIsBounded() {
        assertEquals(1024, credentials("Basic " + b64("bob:" + "p".repeat(1024))).password().length());
        assertOutcome(Outcome.MALFORMED, "Basic " + b64("bob:" + "p".repeat(1025)));
    }

    @Test
    public void headerLengthIsBoundedBeforeDecoding() {
        String header = "Basic " + b64("bob:" + "p".repeat(1000)) + " ".repeat(BasicAuthorization.MAX_HEADER_LENGTH);
        assertOutcome(Outcome.MALFORMED, header);
        assertOutcome(Outcome.MALFORMED, "Basic " + "A".repeat(BasicAuthorization.MAX_HEADER_LENGTH));
    }

    @Test
    public void toStringNeverShowsThePassword() {
        BasicAuthorization parsed = BasicAuthorization.parse("Basic " + b64("bob:hunter2"));
        assertFalse(parsed.toString().contains("hunter2"));
        assertFalse(parsed.credentials().toString().contains("hunter2"));
        assertTrue(parsed.toString().contains("bob"));
    }
}
