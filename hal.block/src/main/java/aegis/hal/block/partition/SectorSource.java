package aegis.hal.block.partition;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whole sectors of a device or image, as the partition-table parsers see them. The parsers never
 * do I/O themselves: a caller adapts its device handle, a file or a byte array to this interface.
 * Implementations used by more than one thread must be thread-safe.
 */
@ConsumerType
public interface SectorSource {
    /** @return the logical sector size in bytes (512 or 4096, a power of two, 512 to 65536) */
    int sectorSize();

    /** @return the number of logical sectors */
    long sectorCount();

    /**
     * Reads whole sectors.
     *
     * @param lba   the first sector, {@code 0 <= lba < sectorCount()}
     * @param count how many sectors, {@code lba + count <= sectorCount()}
     * @return {@code count * sectorSize()} bytes
     * @throws IOException if the sectors cannot be read
     */
    byte[] read(long lba, int count) throws IOException;

    /**
     * Wraps a byte array as a device (the array is not copied; the trailing partial sector, if
     * any, is ignored). Thread-safe as long as nobody modifies the array.
     *
     * @param image      the bytes of the whole device
     * @param sectorSize the logical sector size
     * @return a source over the array
     * @throws IllegalArgumentException if the sector size is not a power of two from 512 to 65536
     */
    static SectorSource of(byte[] image, int sectorSize) {
        Objects.requireNonNull(image, "image");
        if (sectorSize < 512 || sectorSize > 65536 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("invalid sector size " + sectorSize);
        }
        long sectors = image.length / sectorSize;
        return new SectorSource() {
            @Override
            public int sectorSize() {
                return sectorSize;
            }

            @Override
            public long sectorCount() {
                return sectors;
            }

            @Override
            public byte[] read(long lba, int count) throws IOException {
                if (lba < 0 || count < 0 || lba + count > sectors) {
                    throw new IOException("sectors " + lba + "+" + count + " outside 0.." + sectors);
                }
                int from = Math.toIntExact(lba * sectorSize);
                return Arrays.copyOfRange(image, from, from + count * sectorSize);
            }
        };
    }
}
