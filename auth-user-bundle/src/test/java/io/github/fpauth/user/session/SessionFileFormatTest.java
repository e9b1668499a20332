package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.github.fpauth.user.crypto.SecretHash;

public class SessionFileFormatTest {

    private static final SecretHash HASH = SecretHash.of("a-secret");

    @Test
    public void everyFieldSurvivesTheRoundTripWhateverItHolds() {
        Session session = new Session(HASH, "pub", "al%ice", 1L, 2L, true, "::1", "Mozilla/5.0 (X; 100%) \"q\" é",
                "token");

        String text = SessionFileFormat.write(List.of(session));
        List<Session> read = SessionFileFormat.read(text);

        assertTrue(text.startsWith(SessionFileFormat.HEADER + "\n"));
        assertEquals(2, text.split("\n").length);
        assertEquals(1, read.size());
        Session back = read.get(0);
        assertEquals(HASH, back.secretHash());
        assertEquals("pub", back.publicId());
        assertEquals("al%ice", back.user());
        assertEquals(1L, back.createdMillis());
        assertEquals(2L, back.lastSeenMillis());
        assertTrue(back.rememberMe());
        assertEquals("::1", back.clientAddress());
        assertEquals("Mozilla/5.0 (X; 100%) \"q\" é", back.userAgent());
        assertEquals("token", back.csrfToken());
    }

    @Test
    public void theHashIsWrittenAsUnpaddedBase64UrlAndReadBackByteForByte() {
        // A line as the file has always held it: SHA-256("a-secret"), base64url without padding.
        String line = HASH.toBase64Url() + "\tpub\tal%25ice\t1\t2\tr\ttoken\t%3A%3A1\tFirefox\n";
        String text = SessionFileFormat.HEADER + "\n" + line;

        List<Session> read = SessionFileFormat.read(text);

        assertEquals(43, HASH.toBase64Url().length());
        assertEquals(1, read.size());
        assertEquals(HASH, read.get(0).secretHash());
        assertEquals(text, SessionFileFormat.write(read));
    }

    @Test
    public void badLinesAreSkipped() {
        String h2 = SecretHash.of("s2").toBase64Url();
        String h3 = SecretHash.of("s3").toBase64Url();
        String good = SessionFileFormat.write(List.of(new Session(HASH, "p", "u", 1, 1, false, "", "", "t")));
        String text = good + h2 + "\tp2\tu\t1\t1\tx\tt\t\t\n" // bad flag
                + h3 + "\tp3\tu\tnot-a-number\t1\ts\tt\t\t\n" + "too\tfew\n" + "\tp4\tu\t1\t1\ts\tt\t\t\n";

        assertEquals(1, SessionFileFormat.read(text).size());
    }

    @Test
    public void aLineWhoseHashIsNotAStoredHashIsSkipped() {
        String valid = HASH.toBase64Url();
        String rest = "\tp\tu\t1\t1\ts\tt\t\t\n";
        String text = SessionFileFormat.HEADER + "\n"
                + "h" + rest // not 32 bytes
                + valid.substring(1) + rest // one character short
                + valid + "A" + rest // one character too many
                + valid.substring(0, 42) + "*" + rest // not base64url
                + valid + "=" + rest // padded: not how the file spells it
                + valid.substring(0, 42) + nextWithSameBytes(valid.charAt(42)) + rest; // unused low bits set

        assertEquals(0, SessionFileFormat.read(text).size());
        assertEquals(1, SessionFileFormat.read(SessionFileFormat.HEADER + "\n" + valid + rest).size());
    }

    /** The 43rd character carries 4 bits of the digest and 2 unused ones: flip an unused one. */
    private static char nextWithSameBytes(char last) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(last) ^ 1);
    }
}
