package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

import io.github.fpauth.user.crypto.SecretHash;

public class RecoveryCodesTest {

    private final List<String> codes = RecoveryCodes.generate(new SecureRandom());
    private final List<SecretHash> stored = codes.stream().map(RecoveryCodes::hash).collect(Collectors.toList());

    @Test
    public void tenDistinctCodesOf80BitsInGroupsOfFour() {
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code, code.matches("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}"));
        }
    }

    @Test
    public void aCodeIsFoundByItsHashAsTypedInAnyCaseWithOrWithoutDashes() {
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            assertEquals(i, RecoveryCodes.find(stored, code));
            assertEquals(i, RecoveryCodes.find(stored, code.toLowerCase().replace("-", " ")));
            assertEquals(i, RecoveryCodes.find(stored, code.replace("-", "")));
        }
    }

    @Test
    public void anythingElseFindsNothing() {
        String first = codes.get(0);
        String changed = (first.charAt(0) == 'A' ? "B" : "A") + first.substring(1);
        for (String bad : new String[] { null, "", changed, first.substring(0, 18), first + "A", first.replace('-', '_'),
            "ſ" + first.substring(1), "x".repeat(100) }) {
            assertEquals(String.valueOf(bad), -1, RecoveryCodes.find(stored, bad));
        }
        assertNull(RecoveryCodes.normalize("ABCD-EFGH-IJKL-MNO1"));
    }

    @Test
    public void onlyTheHashIsKept() {
        SecretHash hash = RecoveryCodes.hash(codes.get(0));
        assertTrue(!hash.toString().contains(codes.get(0).replace("-", "")));
        assertEquals(SecretHash.of(codes.get(0).replace("-", "")), hash);
    }
}
