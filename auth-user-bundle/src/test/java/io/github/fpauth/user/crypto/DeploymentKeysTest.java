package io.github.fpauth.user.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.user.Fakes;

public class DeploymentKeysTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void withTheFileStoreAKeyFileIsCreatedOwnerOnlyAndKeptAcrossStarts() throws Exception {
        File file = new File(temp.getRoot(), DeploymentKeys.KEY_FILE);
        DeploymentKeys first = new DeploymentKeys(file, Fakes.config());
        assertTrue(file.isFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())));
        DeploymentKeys second = new DeploymentKeys(file, Fakes.config());
        assertArrayEquals(first.key().orElseThrow().sealKey(), second.key().orElseThrow().sealKey());
        assertNull(second.problem());
    }

    @Test
    public void aConfiguredKeyWinsAndIsTheSameOnEveryNode() {
        String text = DeploymentKey.newKeyText(random);
        DeploymentKeys a = new DeploymentKeys(new File(temp.getRoot(), "a.key"), Fakes.config(Map.of("secretKey", text)));
        DeploymentKeys b = new DeploymentKeys(null, Fakes.config(Map.of("secretKey", text)));
        assertArrayEquals(a.key().orElseThrow().signInKey(), b.key().orElseThrow().signInKey());
        assertFalse("no key file when configured", new File(temp.getRoot(), "a.key").exists());
    }

    @Test
    public void withoutAKeyFileOrSettingThereIsNoneAndTheProblemSaysWhy() {
        DeploymentKeys none = new DeploymentKeys(null, Fakes.config());
        assertTrue(none.key().isEmpty());
        assertTrue(none.problem(), none.problem().contains("no secretKey"));
    }

    @Test
    public void aDamagedKeyFileIsNoKeyAndIsNotReplaced() throws Exception {
        File file = new File(temp.getRoot(), DeploymentKeys.KEY_FILE);
        Files.writeString(file.toPath(), "c2hvcnQ=");
        DeploymentKeys keys = new DeploymentKeys(file, Fakes.config());
        assertTrue(keys.key().isEmpty());
        assertTrue(keys.problem(), keys.problem().contains("damaged"));
        assertEquals("c2hvcnQ=", Files.readString(file.toPath()));
    }

    @Test
    public void derivedKeysDifferFromEachOther() {
        DeploymentKey key = DeploymentKey.generate(random);
        assertFalse(java.util.Arrays.equals(key.sealKey(), key.signInKey()));
        assertFalse(java.util.Arrays.equals(key.signInKey(), key.resetKey()));
        assertFalse(java.util.Arrays.equals(key.sealKey(), key.resetKey()));
    }

    @Test
    public void aKeyMustBeBase64OfThirtyTwoBytesAndNeverShows() {
        try {
            DeploymentKey.parse("c2hvcnQ=");
            fail("a short key");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("32 bytes"));
            assertFalse(e.getMessage().contains("c2hvcnQ"));
        }
        try {
            DeploymentKey.parse("not base 64 at all!");
            fail("not base 64");
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains("at all"));
        }
        assertEquals("DeploymentKey[hidden]", DeploymentKey.generate(random).toString());
        assertEquals("URL alphabet and whitespace accepted", 32, DeploymentKey.parse(" " + DeploymentKey.newKeyText(random)
                .replace('+', '-').replace('/', '_') + "\n").sealKey().length);
    }
}
