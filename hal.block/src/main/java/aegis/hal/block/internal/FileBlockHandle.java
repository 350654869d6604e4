package aegis.hal.block.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.OpenMode;
import aegis.hal.block.partition.SectorSource;

/**
 * A {@link BlockHandle} over a {@link FileChannel} on a device node or an image file. Positional
 * I/O, so concurrent reads and writes are safe; every request is checked against whole sectors and
 * the device size before it reaches the host.
 */
public final class FileBlockHandle implements BlockHandle {
    private final String target;
    private final OpenMode mode;
    private final FileChannel channel;
    private final boolean blockDevice;
    private final int sectorSize;
    private final int physicalBlockSize;
    private final long sizeBytes;
    private final long sectorCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param target            what was opened, for messages
     * @param mode              the open mode
     * @param channel           the open channel (owned by the handle from now on)
     * @param blockDevice       whether sizes came from the block ioctls
     * @param sectorSize        the logical sector size
     * @param physicalBlockSize the physical block size
     * @param sizeBytes         the size in bytes
     */
    public FileBlockHandle(String target, OpenMode mode, FileChannel channel, boolean blockDevice, int sectorSize,
            int physicalBlockSize, long sizeBytes) {
        if (sectorSize < 512 || sectorSize > 65536 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("invalid sector size " + sectorSize);
        }
        this.target = target;
        this.mode = mode;
        this.channel = channel;
        this.blockDevice = blockDevice;
        this.sectorSize = sectorSize;
        this.physicalBlockSize = physicalBlockSize;
        this.sizeBytes = sizeBytes;
        this.sectorCount = sizeBytes / sectorSize;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public OpenMode mode() {
        return mode;
    }

    @Override
    public boolean isBlockDevice() {
        return blockDevice;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public int physicalBlockSize() {
        return physicalBlockSize;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public void read(long lba, ByteBuffer dst) throws HalException {
        int len = dst.remaining();
        long pos = check(lba, len, "read");
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos + (len - dst.remaining()));
                if (n < 0) {
                    throw new HalException(ErrorCode.IO, target + ": end of data at byte "
                            + (pos + len - dst.remaining()) + " while reading sectors " + lba + "+" + len / sectorSize
                            + " (the device shrank?)");
                }
            }
        } catch (ClosedChannelException e) {
            throw closedError();
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, target + ": read of sectors " + lba + "+" + len / sectorSize
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(long lba, int count) throws HalException {
        if (count < 0 || (long) count * sectorSize > Integer.MAX_VALUE - 8) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, target + ": cannot read " + count + " sectors at once");
        }
        byte[] b = new byte[count * sectorSize];
        read(lba, ByteBuffer.wrap(b));
        return b;
    }

    @Override
    public void write(long lba, ByteBuffer src) throws HalException {
        if (mode != OpenMode.READ_WRITE) {
            ensureOpen();
            throw new HalException(ErrorCode.PERMISSION_DENIED, target + ": handle is open for reading only");
        }
        int len = src.remaining();
        long pos = check(lba, len, "write");
        try {
            while (src.hasRemaining()) {
                channel.write(src, pos + (len - src.remaining()));
            }
        } catch (ClosedChannelException e) {
            throw closedError();
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, target + ": write of sectors " + lba + "+" + len / sectorSize
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws HalException {
        ensureOpen();
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            throw closedError();
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, target + ": flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public SectorSource asSectorSource() {
        return new SectorSource() {
            @Override
            public int sectorSize() {
                return sectorSize;
            }

            @Override
            public long sectorCount() {
                return sectorCount;
            }

            @Override
            public byte[] read(long lba, int count) throws IOException {
                try {
                    return FileBlockHandle.this.read(lba, count);
                } catch (HalException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was buffered by us; the channel is released either way
            }
        }
    }

    private long check(long lba, int len, String op) throws HalException {
        ensureOpen();
        if (len % sectorSize != 0) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, target + ": " + op + " of " + len
                    + " bytes is not a whole number of " + sectorSize + "-byte sectors");
        }
        long count = len / sectorSize;
        if (lba < 0 || lba > sectorCount || count > sectorCount - lba) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, target + ": " + op + " of sectors " + lba + ".."
                    + (lba + count - 1) + " is outside the device (sectors 0.." + (sectorCount - 1) + ")");
        }
        return lba * sectorSize;
    }

    private void ensureOpen() throws HalException {
        if (closed.get()) {
            throw closedError();
        }
    }

    private HalException closedError() {
        return new HalException(ErrorCode.CONFLICT, target + ": handle is closed");
    }

    @Override
    public String toString() {
        return "BlockHandle[" + target + ", " + mode + ", " + sectorCount + " × " + sectorSize + "]";
    }
}
