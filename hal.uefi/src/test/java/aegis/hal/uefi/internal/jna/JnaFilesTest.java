package aegis.hal.uefi.internal.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.uefi.internal.NativeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real ioctls on the build machine's file systems. */
class JnaFilesTest {
    private final JnaFiles nf = JnaFiles.load();

    @Test
    void procfsAnswersNotSupportedAndIsNotEfivarfs() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/version")), "no procfs");
        assertThrows(NativeFiles.NotSupportedException.class, () -> nf.getFlags(Path.of("/proc/version")));
        assertFalse(nf.isEfivarfs(Path.of("/proc/version")));
    }

    @Test
    void writeOnceReplacesTheWholeFileOffEfivarfs(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("v"), new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertFalse(nf.isEfivarfs(f));
        nf.writeOnce(f, new byte[] {7, 0, 0, 0, 1, 0}, false, true);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 1, 0}, Files.readAllBytes(f));
        assertThrows(IOException.class, () -> nf.writeOnce(tmp.resolve("missing"), new byte[1], false, true));
    }

    /** Needs CAP_LINUX_IMMUTABLE (root) and a file system with inode flags (ext4, tmpfs since 6.0). */
    @Test
    void immutableFileIsWrittenAndStaysImmutable(@TempDir Path tmp) throws Exception {
        Path f = Files.write(tmp.resolve("Timeout-8be4df61-93ca-11d2-aa0d-00e098032b8c"), new byte[] {7, 0, 0, 0, 0, 0});
        int flags;
        try {
            flags = nf.getFlags(f);
            nf.setFlags(f, flags | NativeFiles.IMMUTABLE);
        } catch (IOException e) {
            assumeTrue(false, "cannot set FS_IMMUTABLE_FL here: " + e.getMessage());
            return;
        }
        try {
            assertThrows(IOException.class, () -> Files.write(f, new byte[] {1}));
            aegis.hal.uefi.internal.TestAccess.write(tmp, nf, "Timeout", new byte[] {5, 0});
            assertArrayEquals(new byte[] {7, 0, 0, 0, 5, 0}, Files.readAllBytes(f));
            assertEquals(NativeFiles.IMMUTABLE, nf.getFlags(f) & NativeFiles.IMMUTABLE);
        } finally {
            nf.setFlags(f, nf.getFlags(f) & ~NativeFiles.IMMUTABLE);
        }
    }
}
