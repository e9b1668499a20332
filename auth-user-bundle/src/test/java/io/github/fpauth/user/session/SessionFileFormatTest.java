package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class SessionFileFormatTest {

    @Test
    public void everyFieldSurvivesTheRoundTripWhateverItHolds() {
        Session session = new Session("hash", "pub", "al%ice", 1L, 2L, true, "::1", "Mozilla/5.0 (X; 100%) \"q\" é",
                "token");

        String text = SessionFileFormat.write(List.of(session));
        List<Session> read = SessionFileFormat.read(text);

        assertTrue(text.startsWith(SessionFileFormat.HEADER + "\n"));
        assertEquals(2, text.split("\n").length);
        assertEquals(1, read.size());
        Session back = read.get(0);
        assertEquals("hash", back.secretHash());
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
    public void badLinesAreSkipped() {
        String good = SessionFileFormat.write(List.of(new Session("h", "p", "u", 1, 1, false, "", "", "t")));
        String text = good + "h2\tp2\tu\t1\t1\tx\tt\t\t\n" // bad flag
                + "h3\tp3\tu\tnot-a-number\t1\ts\tt\t\t\n" + "too\tfew\n" + "\tp4\tu\t1\t1\ts\tt\t\t\n";

        assertEquals(1, SessionFileFormat.read(text).size());
    }
}
