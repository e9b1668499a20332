package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.CountingHasher;
import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.DeploymentKeys;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.totp.SecondFactors.SecondFactorException;

public class SecondFactorsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final Totp totp = new Totp();
    private final DeploymentKeys keys = DeploymentKeys.of(DeploymentKey.generate(new SecureRandom()));
    private StoredUserDirectory directory;
    private SecondFactors factors;

    @Before
    public void setUp() {
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new CountingHasher(), PasswordPolicy.defaults());
        directory.addUser("alice", "correct horse", List.of());
        directory.addUser("root", "correct horse", List.of("fp_admin"));
        factors = factors(keys, Map.of());
    }

    private SecondFactors factors(DeploymentKeys with, Map<String, Object> config) {
        return new SecondFactors(directory, with, Fakes.secondFactorConfig(config));
    }

    /** No secretKey configured and no key file: a shared store without the setting. */
    private static DeploymentKeys noKey(String secretKey) {
        return new DeploymentKeys(null, Fakes.config(Map.of("secretKey", secretKey)));
    }

    private String codeIn(String secretBase32, long stepsFromNow) {
        return totp.code(TotpSecret.fromBase32(secretBase32), Totp.step(System.currentTimeMillis()) + stepsFromNow);
    }

    /** Enrols alice; the secret, as her app would hold it. */
    private String enrolAlice() {
        SecondFactors.Offer offer = factors.offer(directory.find("alice"));
        factors.enrol("alice", offer.token(), codeIn(offer.secretBase32(), 0));
        return offer.secretBase32();
    }

    private static void refused(Runnable action, String expected) {
        try {
            action.run();
            fail("accepted");
        } catch (SecondFactorException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void anOfferIsStoredOnlyOnceAValidCodeConfirmsIt() {
        SecondFactors.Offer offer = factors.offer(directory.find("alice"));
        assertTrue(offer.uri().startsWith("otpauth://totp/fpauth:alice?secret=" + offer.secretBase32()));
        assertTrue(offer.qrSvg().startsWith("<svg"));
        assertFalse(directory.find("alice").hasSecondFactor());
        String right = codeIn(offer.secretBase32(), 0);
        refused(() -> factors.enrol("alice", offer.token(), right.equals("000000") ? "111111" : "000000"), "not valid");
        assertFalse(directory.find("alice").hasSecondFactor());
        List<String> recovery = factors.enrol("alice", offer.token(), right);
        assertEquals(10, recovery.size());
        User alice = directory.find("alice");
        assertTrue(alice.hasSecondFactor());
        assertFalse("sealed at rest", alice.secondFactor().contains(offer.secretBase32()));
        assertEquals(10, factors.status(alice).orElseThrow().recoveryCodesLeft());
    }

    @Test
    public void anOfferIsForItsAccountOnly() {
        SecondFactors.Offer offer = factors.offer(directory.find("alice"));
        refused(() -> factors.enrol("root", offer.token(), codeIn(offer.secretBase32(), 0)), "expired");
        assertFalse(directory.find("root").hasSecondFactor());
        assertEquals(offer.secretBase32(), factors.reopen(directory.find("alice"), offer.token()).orElseThrow()
                .secretBase32());
        assertTrue(factors.reopen(directory.find("root"), offer.token()).isEmpty());
    }

    @Test
    public void eachCodeSignsInOnceAndTheEnrolmentCodeNotAgain() {
        String secret = enrolAlice();
        assertFalse("the enrolment code", factors.useCode("alice", codeIn(secret, 0)));
        assertTrue("the next step's code, within skew", factors.useCode("alice", codeIn(secret, 1)));
        assertFalse("replayed", factors.useCode("alice", codeIn(secret, 1)));
        assertFalse("an earlier one", factors.useCode("alice", codeIn(secret, 0)));
        assertFalse("too far ahead", factors.useCode("alice", codeIn(secret, 3)));
    }

    @Test
    public void aCodeTypedWithTheSpaceAppsShowIsACode() {
        String secret = enrolAlice();
        String code = codeIn(secret, 1);
        assertTrue(factors.useCode("alice", code.substring(0, 3) + " " + code.substring(3)));
    }

    @Test
    public void aRecoveryCodeSignsInOnce() {
        SecondFactors.Offer offer = factors.offer(directory.find("alice"));
        List<String> recovery = factors.enrol("alice", offer.token(), codeIn(offer.secretBase32(), 0));
        assertTrue(factors.useCode("alice", recovery.get(3).toLowerCase()));
        assertFalse(factors.useCode("alice", recovery.get(3)));
        assertEquals(9, factors.status(directory.find("alice")).orElseThrow().recoveryCodesLeft());
        List<String> renewed = factors.newRecoveryCodes("alice");
        assertFalse("old codes end", factors.useCode("alice", recovery.get(4)));
        assertTrue(factors.useCode("alice", renewed.get(0)));
    }

    @Test
    public void anAccountWithAFactorCannotEnrolAnotherUntilItIsRemoved() {
        enrolAlice();
        refused(() -> factors.offer(directory.find("alice")), "on already");
        assertTrue(factors.remove("alice"));
        assertFalse(directory.find("alice").hasSecondFactor());
        assertFalse(factors.remove("alice"));
        assertFalse("no factor, no code", factors.useCode("alice", "123456"));
        enrolAlice();
    }

    @Test
    public void whoMustHaveASecondFactorFollowsTheConfiguration() {
        User alice = directory.find("alice");
        User root = directory.find("root");
        assertFalse(factors.isRequired(alice));
        assertFalse(factors.isRequired(root));
        SecondFactors admins = factors(keys, Map.of("required", SecondFactorConfig.Required.admins));
        assertFalse(admins.isRequired(alice));
        assertTrue(admins.isRequired(root));
        SecondFactors everyone = factors(keys, Map.of("required", SecondFactorConfig.Required.everyone));
        assertTrue(everyone.isRequired(alice));
        enrolAlice();
        assertTrue("enrolled", factors.isRequired(directory.find("alice")));
    }

    @Test
    public void withoutAKeyItIsUnavailableAndFailsClosed() {
        enrolAlice();
        SecondFactors keyless = factors(noKey(""), Map.of());
        assertFalse(keyless.isAvailable());
        assertTrue(keyless.problem(), keyless.problem().contains("no secretKey"));
        assertNull(keyless.pendingSignIns());
        assertTrue("still required", keyless.isRequired(directory.find("alice")));
        refused(() -> keyless.useCode("alice", "123456"), "not available");
        refused(() -> keyless.offer(directory.find("root")), "not available");
        assertTrue("an operator can always reset", keyless.remove("alice"));
    }

    @Test
    public void anotherKeyCannotOpenTheStoredFactorAndRefusesEveryCode() {
        String secret = enrolAlice();
        SecondFactors otherKey = factors(noKey(DeploymentKey.newKeyText(new SecureRandom())), Map.of());
        refused(() -> otherKey.useCode("alice", codeIn(secret, 1)), "not available");
        assertTrue("the right key still works", factors.useCode("alice", codeIn(secret, 1)));
    }

    @Test
    public void aMalformedKeyMakesItUnavailableWithoutShowingTheKey() {
        SecondFactors bad = factors(noKey("c2VjcmV0LXRleHQ="), Map.of());
        assertFalse(bad.isAvailable());
        assertFalse(bad.problem().contains("c2VjcmV0"));
    }
}
