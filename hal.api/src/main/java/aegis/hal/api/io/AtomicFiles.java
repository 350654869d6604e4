package aegis.hal.api.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temporary file in the same folder, force it to disk, move it
 * over the target atomically, then force the folder. A crash at any point leaves either the old or
 * the new content, never a mix (a leftover temporary file from a crash is replaced by the next
 * write). Used for every file the runtime keeps in its data areas: grants, keys, administrator
 * decisions. Stateless; callers serialise writes to one file.
 */
public final class AtomicFiles {
    /** The suffix of the temporary file, next to the target: {@code <name>.tmp}. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /**
     * @param target  the file to replace
     * @param content its new content
     * @param secret  whether only the owner may read it (mode 0600)
     * @throws IOException if it cannot be written, or the file system cannot replace files
     *                     atomically; the target is then unchanged
     */
    public static void write(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        Files.deleteIfExists(tmp);
        try {
            createFile(tmp, secret);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createFile(Path tmp, boolean secret) throws IOException {
        try {
            if (secret) {
                Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(perms));
            } else {
                Files.createFile(tmp);
            }
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file " + tmp + " appeared while writing", e);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }
}
