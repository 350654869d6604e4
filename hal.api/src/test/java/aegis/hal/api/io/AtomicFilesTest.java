package aegis.hal.api.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("sub/state.txt");
        AtomicFiles.write(f, "one\n".getBytes(StandardCharsets.UTF_8), false);
        AtomicFiles.write(f, "two\n".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("two\n", Files.readString(f));
        assertFalse(Files.exists(dir.resolve("sub/state.txt" + AtomicFiles.TEMP_SUFFIX)));
    }

    @Test
    void aSecretIsReadableByItsOwnerOnly() throws IOException {
        Path f = dir.resolve("k.key");
        AtomicFiles.write(f, new byte[] {1, 2, 3}, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void theTemporaryFileOfACrashedWriteIsReplaced() throws IOException {
        Path f = dir.resolve("grants.txt");
        Files.writeString(f, "old\n");
        Files.writeString(dir.resolve("grants.txt" + AtomicFiles.TEMP_SUFFIX), "half a li");
        AtomicFiles.write(f, "new\n".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("new\n", Files.readString(f));
        assertFalse(Files.exists(dir.resolve("grants.txt" + AtomicFiles.TEMP_SUFFIX)));
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWas() throws IOException {
        Path f = dir.resolve("state.txt");
        Files.writeString(f, "kept\n");
        // the target is a directory now: the move over it fails, the old content stays untouched
        Path d = dir.resolve("adir");
        Files.createDirectories(d.resolve("child"));
        assertThrows(IOException.class, () -> AtomicFiles.write(d, "x".getBytes(StandardCharsets.UTF_8), false));
        assertEquals(java.util.List.of("child"), Files.list(d).map(p -> p.getFileName().toString()).toList());
        assertFalse(Files.exists(dir.resolve("adir" + AtomicFiles.TEMP_SUFFIX)));
        assertEquals("kept\n", Files.readString(f));
    }
}
