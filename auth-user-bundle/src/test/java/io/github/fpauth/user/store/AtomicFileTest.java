package io.github.fpauth.user.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFileTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    public void readsNothingWhenAbsentThenWhatWasWritten() throws IOException {
        AtomicFile file = new AtomicFile(temp.getRoot().toPath().resolve("sub/dir/f.txt"));
        assertFalse(file.read().isPresent());
        file.write(bytes("one"));
        assertArrayEquals(bytes("one"), file.read().get());
        file.write(bytes("two, longer"));
        assertArrayEquals(bytes("two, longer"), file.read().get());
        assertEquals(1, filesIn(file.path().getParent()));
    }

    @Test
    public void aWriteThatFailsHalfWayLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path dir = temp.getRoot().toPath();
        AtomicFile file = new AtomicFile(dir.resolve("f.txt"));
        file.write(bytes("old content"));
        try {
            file.write(out -> {
                out.write(bytes("new cont"));
                throw new IOException("disk full");
            });
            fail("the failure was swallowed");
        } catch (IOException expected) {
            assertEquals("disk full", expected.getMessage());
        }
        assertArrayEquals(bytes("old content"), file.read().get());
        assertEquals(1, filesIn(dir));
    }

    @Test
    public void aFailedRenameLeavesNoTemporaryFile() throws IOException {
        Path dir = temp.getRoot().toPath();
        Path target = dir.resolve("f.txt");
        Files.createDirectories(target.resolve("blocker"));
        try {
            new AtomicFile(target).write(bytes("x"));
            fail("wrote over a non-empty directory");
        } catch (IOException expected) {
            // the rename cannot replace a non-empty directory
        }
        assertEquals(1, filesIn(dir));
        assertTrue(Files.isDirectory(target));
    }

    @Test
    public void onlyTheOwnerMayReadIt() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        AtomicFile file = new AtomicFile(temp.getRoot().toPath().resolve("f.txt"));
        file.write(bytes("secret hashes"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
    }
}
