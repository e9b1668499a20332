package io.github.fpauth.user.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;

public class Pbkdf2PasswordHasherTest {

    private static final Pattern FORMAT = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=(\\d+)\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");

    // Few iterations keep the tests fast; the format and the checks do not depend on the count.
    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1000);

    @Test
    public void storedFormatIsSelfDescribing() {
        Matcher m = FORMAT.matcher(hasher.hash("correct horse"));
        assertTrue(m.matches());
        assertEquals("1000", m.group(1));
        assertEquals(16, Base64.getDecoder().decode(m.group(2)).length);
        assertEquals(32, Base64.getDecoder().decode(m.group(3)).length);
    }

    @Test
    public void productionIterationsAreWrittenIntoTheHash() {
        Pbkdf2PasswordHasher strong = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
        String stored = strong.hash("correct horse");
        assertTrue(stored.startsWith("$pbkdf2-sha256$i=600000$"));
        assertTrue(strong.verify("correct horse", stored));
    }

    @Test
    public void matchesStandardPbkdf2() throws Exception {
        // Two iterations computed by hand from the PBKDF2 definition (RFC 8018, 5.2).
        byte[] salt = new byte[16];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) i;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("pässword".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(salt);
        byte[] u1 = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] u2 = mac.doFinal(u1);
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) (u1[i] ^ u2[i]);
        }
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String stored = "$pbkdf2-sha256$i=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(expected);
        assertTrue(hasher.verify("pässword", stored));
        assertFalse(hasher.verify("password", stored));
    }

    @Test
    public void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse");
        assertTrue(hasher.verify("correct horse", stored));
        assertFalse(hasher.verify("correct horsE", stored));
        assertFalse(hasher.verify("correct horse ", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    public void eachHashHasItsOwnSalt() {
        String a = hasher.hash("same");
        String b = hasher.hash("same");
        assertNotEquals(a, b);
        assertTrue(hasher.verify("same", a));
        assertTrue(hasher.verify("same", b));
    }

    @Test
    public void normalisesUnicodeSoComposedAndDecomposedFormsMatch() {
        String stored = hasher.hash("caf\u00e9");
        assertTrue(hasher.verify("cafe\u0301", stored));
    }

    @Test
    public void verifiesHashesWrittenWithOtherIterationCounts() {
        String old = new Pbkdf2PasswordHasher(500).hash("pw-123456");
        assertTrue(hasher.verify("pw-123456", old));
    }

    @Test
    public void unreadableStoredValuesNeverMatch() {
        String good = hasher.hash("pw");
        String[] bad = {null, "", "pw", "$2a$10$abcdefghijklmnopqrstuv", "$pbkdf2-sha256$",
            good.replace("i=1000", "i=0"), good.replace("i=1000", "i=-5"), good.replace("i=1000", "i=x"),
            good.replace("i=1000", "i=99999999999"), good.replace("i=1000", "n=1000"),
            good + "$extra", good.substring(0, good.lastIndexOf('$')), good.replace("$pbkdf2-sha256$", "$pbkdf2-sha1$"),
            good.substring(0, good.length() - 1) + "*",
            "$pbkdf2-sha256$i=1000$AAAA$" + good.substring(good.lastIndexOf('$') + 1)};
        for (String stored : bad) {
            assertFalse(String.valueOf(stored), hasher.verify("pw", stored));
            assertTrue(String.valueOf(stored), hasher.needsRehash(stored));
        }
    }

    @Test
    public void needsRehashWhenWeakerThanNow() {
        String current = hasher.hash("pw");
        assertFalse(hasher.needsRehash(current));
        assertTrue(hasher.needsRehash(new Pbkdf2PasswordHasher(999).hash("pw")));
        assertFalse(hasher.needsRehash(new Pbkdf2PasswordHasher(2000).hash("pw")));
        assertTrue(new Pbkdf2PasswordHasher(1001).needsRehash(current));
    }

    @Test
    public void dummyHashHasCurrentParametersAndMatchesNothing() {
        String dummy = hasher.dummyHash();
        Matcher m = FORMAT.matcher(dummy);
        assertTrue(m.matches());
        assertEquals("1000", m.group(1));
        assertFalse(hasher.needsRehash(dummy));
        assertFalse(hasher.verify("", dummy));
        assertFalse(hasher.verify("pw", dummy));
        assertNotEquals(dummy, hasher.dummyHash());
    }

    @Test
    public void iterationsAreBounded() {
        for (int iterations : new int[] {0, -1, Pbkdf2PasswordHasher.MAX_ITERATIONS + 1}) {
            try {
                new Pbkdf2PasswordHasher(iterations);
                fail("accepted " + iterations);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("iterations"));
            }
        }
    }

    @Test
    public void hashIsDerivedFromSaltAndPassword() {
        String stored = hasher.hash("pw");
        String[] parts = stored.split("\\$");
        byte[] hash = Base64.getDecoder().decode(parts[4]);
        hash[0] ^= 1;
        String tampered = "$pbkdf2-sha256$" + parts[2] + "$" + parts[3] + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(hash);
        assertFalse(hasher.verify("pw", tampered));
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        salt[0] ^= 1;
        String otherSalt = "$pbkdf2-sha256$" + parts[2] + "$" + Base64.getEncoder().withoutPadding().encodeToString(salt)
                + "$" + parts[4];
        assertFalse(hasher.verify("pw", otherSalt));
        assertTrue(hasher.verify("pw", stored));
    }
}
