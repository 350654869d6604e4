package aegis.hal.uefi.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The native file operations that writing efivarfs needs. Implemented with JNA in
 * {@code internal.jna}; tests substitute their own.
 */
public interface NativeFiles {
    /** {@code FS_IMMUTABLE_FL} from {@code <linux/fs.h>}. */
    int IMMUTABLE = 0x10;

    /** The file system does not support the inode-flags ioctls (ENOTTY, EOPNOTSUPP, ENOSYS). */
    final class NotSupportedException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what was not supported, where */
        public NotSupportedException(String message) {
            super(message);
        }
    }

    /**
     * @param file a path
     * @return whether the path lies on efivarfs
     * @throws IOException if statfs fails
     */
    boolean isEfivarfs(Path file) throws IOException;

    /**
     * FS_IOC_GETFLAGS.
     *
     * @param file an existing file
     * @return its inode flags
     * @throws NotSupportedException if the file system has no inode flags
     * @throws IOException           if the ioctl fails otherwise
     */
    int getFlags(Path file) throws IOException;

    /**
     * FS_IOC_SETFLAGS.
     *
     * @param file  an existing file
     * @param flags the new inode flags
     * @throws IOException if the ioctl fails
     */
    void setFlags(Path file, int flags) throws IOException;

    /**
     * Writes bytes with exactly one write(2) call.
     *
     * @param file     the file
     * @param bytes    what to write
     * @param create   whether to create the file (O_CREAT, mode 0644)
     * @param truncate whether to truncate it first (O_TRUNC; never on efivarfs)
     * @throws IOException if open or write fails or the write is short
     */
    void writeOnce(Path file, byte[] bytes, boolean create, boolean truncate) throws IOException;
}
