package io.github.fpauth.user.token;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Test;

import io.github.fpauth.user.crypto.SecretHash;

public class TokenStoreFormatTest {

    private static final String HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String OTHER_HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static String line(String owner, String name, String hash) {
        return "token\towner=" + owner + "\tname=" + name + "\tsha256=" + hash
                + "\tcreated=1700000000\texpires=0\tlastUsed=1700000100\n";
    }

    private static String store(String... lines) {
        return "fpauth-token-store\t1\n" + String.join("", lines) + "end\t" + lines.length + "\n";
    }

    private static String refusal(String content) {
        return assertThrows(IllegalArgumentException.class, () -> TokenStoreFormat.read(content)).getMessage();
    }

    @Test
    public void readsTheHashAndWritesTheSameText() {
        String content = store(line("alice", "ci", HASH), line("bob", "deploy key", OTHER_HASH));
        List<AccessToken> tokens = TokenStoreFormat.read(content);

        assertEquals(SecretHash.fromHex(HASH), tokens.get(0).hash());
        assertEquals(SecretHash.of("abc"), tokens.get(0).hash());
        assertEquals(content, TokenStoreFormat.write(tokens));
    }

    @Test
    public void aHashThatIsNot64LowerCaseHexDigitsIsAnInvalidLine() {
        for (String hash : new String[] {"", HASH.substring(1), HASH + "0", HASH.toUpperCase(),
            HASH.substring(0, 63) + "g", HASH.substring(0, 63) + " ", "+" + HASH.substring(1),
            SecretHash.fromHex(HASH).toBase64Url()}) {
            assertEquals(hash, "line 2: a token hash must be 64 lower-case hex digits",
                    refusal(store(line("alice", "ci", hash))));
        }
    }

    @Test
    public void aLineIsNamedByItsFirstFaultAsTheFieldsAreChecked() {
        assertEquals("line 2: a token needs an owner", refusal(store(line("", "ci", "xyz"))));
        assertEquals("line 2: a token name must not be empty", refusal(store(line("alice", "", "xyz"))));
        assertEquals("line 2: For input string: \"soon\"",
                refusal(store(line("alice", "ci", "xyz").replace("created=1700000000", "created=soon"))));
    }

    @Test
    public void theSameHashTwiceIsADuplicate() {
        assertEquals("line 3: duplicate token", refusal(store(line("alice", "ci", HASH), line("bob", "ci", HASH))));
    }
}
