package aegis.hal.uefi.internal.jna;

import aegis.hal.uefi.internal.NativeFiles;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link NativeFiles} through libc with JNA (Linux, 64-bit).
 *
 * <p>The ioctl numbers are those of {@code <linux/fs.h>}, printed by this C program with the
 * kernel headers of Debian 12 (linux-libc-dev, x86-64; the same on arm64):
 * <pre>
 * #include &lt;stdio.h&gt;
 * #include &lt;linux/fs.h&gt;
 * #include &lt;linux/magic.h&gt;
 * int main(void) { printf("%lx %lx %x %x\n", (unsigned long) FS_IOC_GETFLAGS,
 *     (unsigned long) FS_IOC_SETFLAGS, FS_IMMUTABLE_FL, EFIVARFS_MAGIC); }
 * </pre>
 * output {@code 80086601 40086602 10 de5e81e4}: {@code _IOR('f', 1, long)} and
 * {@code _IOW('f', 2, long)}; the kernel reads and writes an {@code int} through the pointer.
 * Thread-safe (no state).
 */
public final class JnaFiles implements NativeFiles {
    static final long FS_IOC_GETFLAGS = 0x80086601L;
    static final long FS_IOC_SETFLAGS = 0x40086602L;
    static final long EFIVARFS_MAGIC = 0xde5e81e4L;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOTTY = 25;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final int EINVAL = 22;

    /** The libc functions used. */
    interface LibC extends Library {
        int open(String path, int flags, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int ioctl(int fd, NativeLong request, IntByReference arg) throws LastErrorException;

        NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int statfs(String path, Pointer buf) throws LastErrorException;
    }

    private final LibC libc;

    private JnaFiles(LibC libc) {
        this.libc = libc;
    }

    /**
     * Loads libc.
     *
     * @return the native files
     * @throws UnsupportedOperationException if JNA or libc cannot be loaded, or this is not 64-bit Linux
     */
    public static JnaFiles load() {
        try {
            if (!"Linux".equals(System.getProperty("os.name")) || Native.LONG_SIZE != 8) {
                throw new UnsupportedOperationException("efivarfs writes need 64-bit Linux");
            }
            return new JnaFiles(Native.load("c", LibC.class));
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA or libc is not available: " + e, e);
        }
    }

    @Override
    public boolean isEfivarfs(Path file) throws IOException {
        try (Memory buf = new Memory(256)) {
            buf.clear();
            libc.statfs(file.toString(), buf);
            // struct statfs starts with f_type (a long on 64-bit Linux)
            return (buf.getLong(0) & 0xffffffffL) == EFIVARFS_MAGIC;
        } catch (LastErrorException e) {
            throw new IOException("statfs " + file + ": errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public int getFlags(Path file) throws IOException {
        int fd = open(file, O_RDONLY | O_CLOEXEC, 0);
        try {
            IntByReference flags = new IntByReference();
            libc.ioctl(fd, new NativeLong(FS_IOC_GETFLAGS), flags);
            return flags.getValue();
        } catch (LastErrorException e) {
            throw ioctlError("FS_IOC_GETFLAGS", file, e);
        } finally {
            close(fd);
        }
    }

    @Override
    public void setFlags(Path file, int flags) throws IOException {
        int fd = open(file, O_RDONLY | O_CLOEXEC, 0);
        try {
            libc.ioctl(fd, new NativeLong(FS_IOC_SETFLAGS), new IntByReference(flags));
        } catch (LastErrorException e) {
            throw ioctlError("FS_IOC_SETFLAGS", file, e);
        } finally {
            close(fd);
        }
    }

    @Override
    public void writeOnce(Path file, byte[] bytes, boolean create, boolean truncate) throws IOException {
        int fd = open(file, O_WRONLY | O_CLOEXEC | (create ? O_CREAT : 0) | (truncate ? O_TRUNC : 0), 0644);
        try {
            long n = libc.write(fd, bytes, new NativeLong(bytes.length)).longValue();
            if (n != bytes.length) {
                throw new IOException("write " + file + ": wrote " + n + " of " + bytes.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new IOException("write " + file + ": errno " + e.getErrorCode()
                    + (e.getErrorCode() == EINVAL ? " (the firmware refused the variable)" : ""), e);
        } finally {
            close(fd);
        }
    }

    private int open(Path file, int flags, int mode) throws IOException {
        try {
            return libc.open(file.toString(), flags, mode);
        } catch (LastErrorException e) {
            throw new IOException("open " + file + ": errno " + e.getErrorCode(), e);
        }
    }

    private void close(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing useful to do: the operation itself has already succeeded or failed
        }
    }

    private static IOException ioctlError(String op, Path file, LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == ENOTTY || errno == EOPNOTSUPP || errno == ENOSYS) {
            return new NotSupportedException(op + " " + file + ": not supported (errno " + errno + ")");
        }
        return new IOException(op + " " + file + ": errno " + errno, e);
    }
}
