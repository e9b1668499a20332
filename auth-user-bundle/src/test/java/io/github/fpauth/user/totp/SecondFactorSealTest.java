package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Test;

import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.totp.SecondFactorSeal.Purpose;

public class SecondFactorSealTest {

    private final SecureRandom random = new SecureRandom();
    private final DeploymentKey key = DeploymentKey.generate(random);
    private final SecondFactorSeal seal = new SecondFactorSeal(key, random);
    private final TotpSecret secret = TotpSecret.generate(random);
    private final SecondFactor factor = new SecondFactor(secret, 42, List.of(RecoveryCodes.hash("AAAA-BBBB-CCCC-DDDD")),
            1_800_000_000_000L);

    private static void refused(Runnable open) {
        try {
            open.run();
            fail("opened");
        } catch (IllegalArgumentException e) {
            // the value never shows in the message
            assertFalse(e.getMessage(), e.getMessage().contains("sealed1:A"));
        }
    }

    @Test
    public void aSealedFactorOpensForItsAccountWithEverythingItHeld() {
        SecondFactor opened = seal.open("alice", seal.seal("alice", factor));
        assertEquals(secret, opened.secret());
        assertEquals(42, opened.lastUsedStep());
        assertEquals(factor.recoveryCodes(), opened.recoveryCodes());
        assertEquals(factor.enrolledMillis(), opened.enrolledMillis());
    }

    @Test
    public void theSealedTextShowsNoSecretAndDiffersEachTime() {
        String sealed = seal.seal("alice", factor);
        assertTrue(sealed.startsWith("sealed1:"));
        assertFalse(sealed.contains(secret.base32()));
        assertFalse(sealed.equals(seal.seal("alice", factor)));
    }

    @Test
    public void itDoesNotOpenForAnotherAccountAnotherPurposeAnotherKeyOrWhenAltered() {
        String sealed = seal.seal("alice", factor);
        refused(() -> seal.open("bob", sealed));
        refused(() -> seal.open(Purpose.OFFER, "alice", sealed));
        refused(() -> new SecondFactorSeal(DeploymentKey.generate(random), random).open("alice", sealed));
        int middle = sealed.length() / 2; // a whole byte of ciphertext (the last character may hold padding bits)
        char flipped = sealed.charAt(middle) == 'A' ? 'B' : 'A';
        refused(() -> seal.open("alice", sealed.substring(0, middle) + flipped + sealed.substring(middle + 1)));
        refused(() -> seal.open("alice", "sealed1:"));
        refused(() -> seal.open("alice", "sealed1:!!!"));
        refused(() -> seal.open("alice", SecondFactorFormat.write(factor)));
    }

    @Test
    public void theSameKeyTextOpensOnAnotherNode() {
        String text = DeploymentKey.newKeyText(random);
        String sealed = new SecondFactorSeal(DeploymentKey.parse(text), random).seal("alice", factor);
        assertEquals(secret, new SecondFactorSeal(DeploymentKey.parse(" " + text + "\n"), random)
                .open("alice", sealed).secret());
    }
}
