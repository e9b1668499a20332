package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Test;

public class SecondFactorTest {

    private static final long NOW = 1_800_000_000_000L;
    private final SecureRandom random = new SecureRandom();
    private final Totp totp = new Totp();
    private final TotpSecret secret = TotpSecret.generate(random);
    private final List<String> recovery = RecoveryCodes.generate(random);

    private String codeAt(long millis) {
        return totp.code(secret, Totp.step(millis));
    }

    private SecondFactor enrolled() {
        return SecondFactor.enrol(secret, codeAt(NOW), recovery, NOW).orElseThrow();
    }

    @Test
    public void enrolmentCompletesOnlyWithACurrentCodeOfTheNewSecret() {
        assertFalse(SecondFactor.enrol(secret, "000000".equals(codeAt(NOW)) ? "111111" : "000000", recovery, NOW)
                .isPresent());
        assertFalse(SecondFactor.enrol(secret, codeAt(NOW - 90_000), recovery, NOW).isPresent());
        SecondFactor factor = enrolled();
        assertEquals(Totp.step(NOW), factor.lastUsedStep());
        assertEquals(10, factor.recoveryCodesLeft());
    }

    @Test
    public void theEnrolmentCodeCannotBeUsedAgainToSignIn() {
        assertFalse(enrolled().useCode(codeAt(NOW), NOW + 1000).isPresent());
    }

    @Test
    public void eachCodeSignsInOnceAndNoEarlierCodeAfterIt() {
        SecondFactor factor = enrolled();
        long later = NOW + 60_000;
        SecondFactor next = factor.useCode(codeAt(later), later).orElseThrow();
        assertEquals(Totp.step(later), next.lastUsedStep());
        assertFalse("replay", next.useCode(codeAt(later), later).isPresent());
        assertFalse("the step before, still within skew", next.useCode(codeAt(later - 30_000), later).isPresent());
        assertTrue("the next step", next.useCode(codeAt(later + 30_000), later + 30_000).isPresent());
    }

    @Test
    public void aRecoveryCodeSignsInOnce() {
        SecondFactor factor = enrolled();
        SecondFactor next = factor.useRecoveryCode(recovery.get(3).toLowerCase()).orElseThrow();
        assertEquals(9, next.recoveryCodesLeft());
        assertFalse(next.useRecoveryCode(recovery.get(3)).isPresent());
        assertTrue(next.useRecoveryCode(recovery.get(4)).isPresent());
        assertEquals("the state before is unchanged", 10, factor.recoveryCodesLeft());
    }

    @Test
    public void newRecoveryCodesEndTheOldOnes() {
        List<String> fresh = RecoveryCodes.generate(random);
        SecondFactor renewed = enrolled().withRecoveryCodes(fresh);
        assertFalse(renewed.useRecoveryCode(recovery.get(0)).isPresent());
        assertTrue(renewed.useRecoveryCode(fresh.get(0)).isPresent());
    }

    @Test
    public void itsTextNamesNoSecretAndNoCode() {
        String text = enrolled().toString();
        assertFalse(text.contains(secret.base32()));
        for (String code : recovery) {
            assertFalse(text.contains(code));
        }
    }
}
