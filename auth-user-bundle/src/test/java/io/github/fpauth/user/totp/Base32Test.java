package io.github.fpauth.user.totp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.Test;

public class Base32Test {

    @Test
    public void encodesTheRfc4648TestVectorsWithoutPadding() {
        String[][] vectors = { { "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" }, { "foob", "MZXW6YQ" },
            { "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" } };
        for (String[] vector : vectors) {
            assertEquals(vector[1], Base32.encode(vector[0].getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(vector[0].getBytes(StandardCharsets.US_ASCII), Base32.decode(vector[1]));
        }
    }

    @Test
    public void readsWhatPeopleTypeIgnoringCaseSpacesDashesAndPadding() {
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("mzxw 6ytb-oi======"));
    }

    @Test
    public void roundTripsRandomBytes() {
        SecureRandom random = new SecureRandom();
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)));
        }
    }

    @Test
    public void refusesCharactersOutsideTheAlphabetAndDataAfterPadding() {
        for (String bad : new String[] { "MZXW1", "MZXW0", "MZXW8", "MZ=XW", "MZXW_", "MZXWé" }) {
            assertThrows(bad, IllegalArgumentException.class, () -> Base32.decode(bad));
        }
    }
}
