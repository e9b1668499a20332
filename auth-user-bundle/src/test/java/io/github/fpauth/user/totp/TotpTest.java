package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.OptionalLong;

import org.junit.Test;

public class TotpTest {

    /** The key of the RFC 4226 and RFC 6238 SHA-1 test vectors. */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final TotpSecret RFC_SECRET = TotpSecret.fromBase32(Base32.encode(RFC_KEY));

    @Test
    public void computesTheRfc4226HotpTestVectors() {
        String[] expected = { "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489" };
        for (int counter = 0; counter < expected.length; counter++) {
            assertEquals("counter " + counter, expected[counter], new Totp().code(RFC_SECRET, counter));
        }
    }

    @Test
    public void computesTheRfc6238Sha1TestVectors() {
        long[] seconds = { 59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L };
        String[] expected = { "94287082", "07081804", "14050471", "89005924", "69279037", "65353130" };
        for (int i = 0; i < seconds.length; i++) {
            long step = Totp.step(seconds[i] * 1000);
            assertEquals("T=" + seconds[i], expected[i], new Totp(8).code(RFC_SECRET, step));
            // Six digits are the last six of the eight.
            assertEquals("T=" + seconds[i], expected[i].substring(2), new Totp().code(RFC_SECRET, step));
        }
    }

    @Test
    public void acceptsTheCurrentCodeAndReturnsItsStep() {
        long now = 1111111111_000L;
        OptionalLong step = new Totp().verify(RFC_SECRET, "050471", now, Long.MIN_VALUE);
        assertEquals(OptionalLong.of(Totp.step(now)), step);
    }

    @Test
    public void acceptsOneStepOfClockSkewEitherSideButNotTwo() {
        Totp totp = new Totp();
        long now = 1234567890_000L;
        long current = Totp.step(now);
        assertEquals(OptionalLong.of(current - 1),
                totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current - 1), now, Long.MIN_VALUE));
        assertEquals(OptionalLong.of(current + 1),
                totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current + 1), now, Long.MIN_VALUE));
        assertFalse(totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current - 2), now, Long.MIN_VALUE).isPresent());
        assertFalse(totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current + 2), now, Long.MIN_VALUE).isPresent());
    }

    @Test
    public void refusesACodeOfAStepAlreadyUsedOrEarlier() {
        Totp totp = new Totp();
        long now = 2000000000_000L;
        long current = Totp.step(now);
        String code = totp.code(RFC_SECRET, current);
        assertFalse("replay", totp.verify(RFC_SECRET, code, now, current).isPresent());
        String previous = totp.code(RFC_SECRET, current - 1);
        assertFalse("an earlier step after a later one was used",
                totp.verify(RFC_SECRET, previous, now, current).isPresent());
        String next = totp.code(RFC_SECRET, current + 1);
        assertEquals(OptionalLong.of(current + 1), totp.verify(RFC_SECRET, next, now, current));
    }

    @Test
    public void ignoresSpacesAsAppsShowThemAndRefusesAnythingElse() {
        Totp totp = new Totp();
        long now = 59_000L;
        assertTrue(totp.verify(RFC_SECRET, "287 082", now, Long.MIN_VALUE).isPresent());
        for (String bad : new String[] { null, "", "28708", "2870820", "28708a", "-28708", "２８７０８２",
            "287082\n" }) {
            assertFalse(String.valueOf(bad), totp.verify(RFC_SECRET, bad, now, Long.MIN_VALUE).isPresent());
        }
    }

    @Test
    public void aWrongCodeMatchesNothing() {
        long now = 59_000L;
        assertFalse(new Totp().verify(RFC_SECRET, "287083", now, Long.MIN_VALUE).isPresent());
        // The code of another secret is not this one's.
        TotpSecret other = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assertFalse(new Totp().verify(RFC_SECRET, new Totp().code(other, 1), now, Long.MIN_VALUE).isPresent());
    }

    @Test
    public void stepsCountThirtySecondsFromTheEpoch() {
        assertEquals(0, Totp.step(29_999));
        assertEquals(1, Totp.step(30_000));
        assertEquals(-1, Totp.step(-1));
    }

    @Test
    public void newSecretsHave160RandomBitsAndNeverShowInToString() {
        SecureRandom random = new SecureRandom();
        TotpSecret a = TotpSecret.generate(random);
        TotpSecret b = TotpSecret.generate(random);
        assertEquals(32, a.base32().length()); // 160 bits / 5
        assertNotEquals(a, b);
        assertEquals(a, TotpSecret.fromBase32(a.base32().toLowerCase()));
        assertFalse(a.toString().contains(a.base32()));
        assertTrue(a.toString().contains("160 bits"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aSecretShorterThan128BitsIsRefused() {
        TotpSecret.fromBase32("MZXW6YTBOI");
    }
}
