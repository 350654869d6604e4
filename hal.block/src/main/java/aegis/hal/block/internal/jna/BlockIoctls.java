package aegis.hal.block.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * The block-device size ioctls through JNA: BLKGETSIZE64 (bytes), BLKSSZGET (logical sector size)
 * and BLKPBSZGET (physical block size) on a device node. Stateless, thread-safe; the C library is
 * loaded on first use and its absence is reported as {@code UNSUPPORTED}.
 *
 * <p>The request numbers were derived from the kernel headers, not by hand, with this program
 * (gcc 12, Debian 12, {@code linux-libc-dev}), whose output is the constants below:
 *
 * <pre>
 * #include &lt;stdio.h&gt;
 * #include &lt;linux/fs.h&gt;
 * int main(void) {
 *     printf("BLKGETSIZE64=0x%lx\nBLKSSZGET=0x%lx\nBLKPBSZGET=0x%lx\n",
 *            (unsigned long) BLKGETSIZE64, (unsigned long) BLKSSZGET, (unsigned long) BLKPBSZGET);
 * }
 * </pre>
 *
 * <p>BLKGETSIZE64 is {@code _IOR(0x12, 114, size_t)}: the value holds the argument size, so it is
 * the same on every 64-bit architecture with the generic ioctl encoding (x86-64, arm64, riscv64) and
 * differs on powerpc, mips and sparc, which this class does not support.
 */
public final class BlockIoctls {
    /** {@code _IOR(0x12, 114, size_t)} from {@code <linux/fs.h>}. */
    static final long BLKGETSIZE64 = 0x80081272L;
    /** {@code _IO(0x12, 104)} from {@code <linux/fs.h>}. */
    static final long BLKSSZGET = 0x1268L;
    /** {@code _IO(0x12, 123)} from {@code <linux/fs.h>}. */
    static final long BLKPBSZGET = 0x127bL;
    /** {@code O_RDONLY | O_CLOEXEC} from {@code <fcntl.h>} (x86-64 and arm64 agree). */
    static final int O_RDONLY_CLOEXEC = 0x80000;

    private BlockIoctls() {
    }

    /**
     * The sizes of a block device.
     *
     * @param sizeBytes          BLKGETSIZE64
     * @param logicalSectorSize  BLKSSZGET
     * @param physicalBlockSize  BLKPBSZGET
     */
    public record Sizes(long sizeBytes, int logicalSectorSize, int physicalBlockSize) {
    }

    /** The libc functions used; loaded once. */
    interface CLib extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int ioctl(int fd, NativeLong request, LongByReference out) throws LastErrorException;

        int ioctl(int fd, NativeLong request, IntByReference out) throws LastErrorException;
    }

    private static final class Holder {
        static final CLib LIBC = Native.load("c", CLib.class);
    }

    /**
     * Queries the sizes of a block device node.
     *
     * @param node the absolute path of the device node on this machine
     * @return its sizes
     * @throws HalException {@code UNSUPPORTED} if JNA or the C library is unavailable or the node is
     *                      not a block device (ENOTTY), {@code IO} if the node cannot be opened (the
     *                      message names the errno)
     */
    public static Sizes query(String node) throws HalException {
        CLib c;
        try {
            c = Holder.LIBC;
        } catch (LinkageError e) {
            throw new HalException(ErrorCode.UNSUPPORTED, "cannot load the C library through JNA to query " + node
                    + ": " + e, e);
        }
        int fd;
        try {
            fd = c.open(node, O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new HalException(ErrorCode.IO, "cannot open " + node + " for the size ioctls: "
                    + Errno.describe(e.getErrorCode()));
        }
        try {
            LongByReference size = new LongByReference();
            IntByReference logical = new IntByReference();
            IntByReference physical = new IntByReference();
            ioctl(c, fd, node, "BLKGETSIZE64", BLKGETSIZE64, size);
            ioctl(c, fd, node, "BLKSSZGET", BLKSSZGET, logical);
            ioctl(c, fd, node, "BLKPBSZGET", BLKPBSZGET, physical);
            return new Sizes(size.getValue(), logical.getValue(), physical.getValue());
        } finally {
            try {
                c.close(fd);
            } catch (LastErrorException e) {
                // closing a read-only descriptor cannot lose data; nothing to report
            }
        }
    }

    private static void ioctl(CLib c, int fd, String node, String name, long request, Object out)
            throws HalException {
        try {
            if (out instanceof LongByReference l) {
                c.ioctl(fd, new NativeLong(request), l);
            } else {
                c.ioctl(fd, new NativeLong(request), (IntByReference) out);
            }
        } catch (LastErrorException e) {
            ErrorCode code = e.getErrorCode() == Errno.ENOTTY ? ErrorCode.UNSUPPORTED : ErrorCode.IO;
            throw new HalException(code, name + " on " + node + " failed: " + Errno.describe(e.getErrorCode()));
        }
    }
}
