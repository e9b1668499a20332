package io.github.fpauth.user.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Test;

public class SecretHashTest {

    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    public void isTheSha256OfTheSecretsAsciiBytes() {
        assertEquals(ABC_SHA256, SecretHash.of("abc").toHex());
        assertEquals(ABC_SHA256, new SecretHasher().hash("abc").toHex());
    }

    @Test
    public void keyedCredentialsAreTheSha256OfKeyNameLengthNameAndPasswordInUtf8() throws Exception {
        byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        SecretHasher hasher = new SecretHasher();
        // ASCII credentials take a shortcut; the others are encoded: both must hash the same bytes.
        String[][] credentials = { { "alice", "Bench-alice-passw0rd" }, { "zoé", "pässword" }, { "bob", "pässword" },
            { "zoé", "password" } };
        for (String[] pair : credentials) {
            assertEquals(pair[0] + ":" + pair[1], expectedKey(key, pair[0], pair[1]),
                    hasher.hash(key, pair[0], pair[1]).toHex());
        }
    }

    /** The definition, spelled out with the JDK alone. */
    private static String expectedKey(byte[] key, String name, String password) throws Exception {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(key);
        message.write(new byte[] { 0, 0, 0, (byte) nameBytes.length });
        message.write(nameBytes);
        message.write(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.toByteArray()));
    }

    @Test
    public void keyedCredentialsDependOnTheKeyAndOnWhereTheNameEnds() {
        SecretHasher hasher = new SecretHasher();
        byte[] key = new byte[16];
        byte[] other = new byte[16];
        other[15] = 1;
        assertEquals(hasher.hash(key, "alice", "pw"), hasher.hash(key.clone(), "alice", "pw"));
        assertNotEquals(hasher.hash(key, "alice", "pw"), hasher.hash(other, "alice", "pw"));
        assertNotEquals(hasher.hash(key, "ab", "c"), hasher.hash(key, "a", "bc"));
        assertNotEquals(hasher.hash(key, "alice", "pw"), hasher.hash(key, "alice", "pW"));
    }

    @Test
    public void readsBackWhatItWrites() {
        SecretHash hash = SecretHash.of("fpat_some-secret");
        assertEquals(hash, SecretHash.fromHex(hash.toHex()));
        assertEquals(hash, SecretHash.fromBase64Url(hash.toBase64Url()));
        assertEquals(43, hash.toBase64Url().length());
        assertEquals(hash.hashCode(), SecretHash.fromHex(hash.toHex()).hashCode());
    }

    @Test
    public void differentSecretsHaveDifferentHashes() {
        assertNotEquals(SecretHash.of("a"), SecretHash.of("b"));
        assertNotEquals(SecretHash.of("a"), (Object) "a");
    }

    @Test
    public void hashesDifferingInAnyOneByteAreDifferent() {
        SecretHash hash = SecretHash.fromHex(ABC_SHA256);
        for (int i = 0; i < ABC_SHA256.length(); i += 2) {
            char flipped = ABC_SHA256.charAt(i) == '0' ? '1' : '0';
            String other = ABC_SHA256.substring(0, i) + flipped + ABC_SHA256.substring(i + 1);
            assertNotEquals("byte " + i / 2, hash, SecretHash.fromHex(other));
        }
        assertEquals(hash, SecretHash.fromHex(ABC_SHA256));
    }

    @Test
    public void refusesWhatIsNotAStoredHash() {
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromHex("zz" + ABC_SHA256.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromBase64Url("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromBase64Url("YWJj"));
    }

    @Test
    public void readsOnlyTheSpellingItWrites() {
        SecretHash hash = SecretHash.of("abc");
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromHex(ABC_SHA256.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromBase64Url(hash.toBase64Url() + "="));
        String last = hash.toBase64Url().substring(42);
        String strayBits = hash.toBase64Url().substring(0, 42) + (char) (last.charAt(0) + 1);
        assertThrows(IllegalArgumentException.class, () -> SecretHash.fromBase64Url(strayBits));
    }

    @Test
    public void neverPrintsTheWholeHash() {
        String shown = SecretHash.of("abc").toString();
        assertFalse(shown.contains(ABC_SHA256));
    }

    @Test
    public void oneHasherGivesEachThreadItsOwnDigest() throws Exception {
        SecretHasher hasher = new SecretHasher();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String secret = "secret-" + thread + "-" + i;
                        if (!hasher.hash(secret).equals(SecretHash.of(secret))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
