package aegis.hal.uefi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Clears {@code FS_IMMUTABLE_FL} around a change to an efivarfs file and restores it afterwards,
 * as efivarfs requires (most of its files are immutable). A file system without inode flags
 * (ENOTTY/EOPNOTSUPP, for example a test copy on some file systems) has no flag to clear, but only
 * off efivarfs: on efivarfs that answer is an error.
 */
final class ImmutableGuard {
    /** A file operation. */
    interface IoAction {
        void run() throws IOException;
    }

    private ImmutableGuard() {
    }

    static void mutate(NativeFiles nf, Path file, IoAction action) throws IOException {
        int flags;
        try {
            flags = nf.getFlags(file);
        } catch (NativeFiles.NotSupportedException e) {
            if (nf.isEfivarfs(file)) {
                throw new IOException("cannot read the inode flags of efivarfs file " + file + ": " + e.getMessage(), e);
            }
            action.run();
            return;
        }
        boolean immutable = (flags & NativeFiles.IMMUTABLE) != 0;
        if (immutable) {
            nf.setFlags(file, flags & ~NativeFiles.IMMUTABLE);
        }
        try {
            action.run();
        } finally {
            if (immutable && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                nf.setFlags(file, flags);
            }
        }
    }
}
