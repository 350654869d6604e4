package aegis.hal.block;

import java.nio.ByteBuffer;

import aegis.hal.api.error.HalException;
import aegis.hal.block.partition.SectorSource;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open block device or image file, read and written in whole logical sectors, with every request
 * checked against the device's size. This is what devfs will wrap for {@code /dev/block/<name>}
 * (adding the READ/WRITE capability checks). Reads and writes are positional and thread-safe; after
 * {@link #close()} every call fails with {@code CONFLICT}.
 */
@ProviderType
public interface BlockHandle extends AutoCloseable {
    /** @return what was opened: a host device node ({@code /dev/loop0}) or an image file path */
    String target();

    /** @return the mode it was opened with */
    OpenMode mode();

    /** @return whether the target is a block device whose sizes came from the BLKGETSIZE64/BLKSSZGET ioctls */
    boolean isBlockDevice();

    /** @return the logical sector size in bytes */
    int sectorSize();

    /** @return the physical block size in bytes (the logical size for image files) */
    int physicalBlockSize();

    /** @return the size in bytes */
    long sizeBytes();

    /** @return the number of whole logical sectors */
    long sectorCount();

    /**
     * Reads whole sectors into a buffer.
     *
     * @param lba the first sector
     * @param dst receives {@code dst.remaining()} bytes, a multiple of the sector size
     * @throws HalException {@code INVALID_ARGUMENT} if the length is not whole sectors or the range
     *                      leaves the device (nothing is read), {@code IO} if the host read fails,
     *                      {@code CONFLICT} if the handle is closed
     */
    void read(long lba, ByteBuffer dst) throws HalException;

    /**
     * Reads whole sectors.
     *
     * @param lba   the first sector
     * @param count how many sectors
     * @return {@code count * sectorSize()} bytes
     * @throws HalException as {@link #read(long, ByteBuffer)}
     */
    byte[] read(long lba, int count) throws HalException;

    /**
     * Writes whole sectors.
     *
     * @param lba the first sector
     * @param src {@code src.remaining()} bytes, a multiple of the sector size
     * @throws HalException {@code PERMISSION_DENIED} if opened {@link OpenMode#READ},
     *                      {@code INVALID_ARGUMENT} if the length is not whole sectors or the range
     *                      leaves the device (nothing is written), {@code IO} if the host write fails,
     *                      {@code CONFLICT} if the handle is closed
     */
    void write(long lba, ByteBuffer src) throws HalException;

    /**
     * Forces written sectors to the device.
     *
     * @throws HalException {@code IO} if the host fails, {@code CONFLICT} if closed
     */
    void flush() throws HalException;

    /**
     * @return this handle as a source for the partition-table parsers (reads through the same
     *         bounds checks)
     */
    SectorSource asSectorSource();

    /** Closes the handle; idempotent, never throws. */
    @Override
    void close();
}
