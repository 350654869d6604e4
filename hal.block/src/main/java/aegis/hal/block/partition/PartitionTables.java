package aegis.hal.block.partition;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import aegis.hal.api.error.HalException;

/**
 * Reads the partition table of a device: a protective (or hybrid) MBR with a 0xEE entry means GPT,
 * otherwise an MBR. Plain Java over the sectors a {@link SectorSource} returns; stateless and
 * thread-safe.
 */
public final class PartitionTables {
    private PartitionTables() {
    }

    /**
     * Reads the partition table.
     *
     * @param src the device or image
     * @return the table, or empty when the device holds none that is recognised (like sfdisk's "does
     *         not contain a recognized partition table")
     * @throws PartitionTableException if a table is present but invalid; the message names the byte
     *                                 offset
     * @throws HalException            ({@code IO}) if the sectors cannot be read
     */
    public static Optional<PartitionTable> read(SectorSource src) throws HalException {
        if (src.sectorCount() < 1) {
            return Optional.empty();
        }
        byte[] lba0 = GptParser.read(src, 0, 1);
        if (!Le.bootSignature(lba0)) {
            return Optional.empty();
        }
        if (hasProtectiveEntry(lba0)) {
            return Optional.of(GptParser.parse(src));
        }
        return MbrParser.parse(src, lba0);
    }

    /**
     * @param mbr the bytes of LBA 0
     * @return whether one of the four MBR entries has type 0xEE (GPT protective)
     */
    public static boolean hasProtectiveEntry(byte[] mbr) {
        if (!Le.bootSignature(mbr)) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (Le.u8(mbr, MbrParser.TABLE_OFFSET + 16 * i + 4) == 0xee) {
                return true;
            }
        }
        return false;
    }

    /**
     * Guesses the logical sector size of an image file, which has none of its own: a GPT header at
     * byte 4096 (and none at 512) means 4096-byte sectors; anything else 512.
     *
     * @param head at least the first 4104 bytes of the image (fewer bytes mean 512)
     * @return 512 or 4096
     */
    public static int guessSectorSize(byte[] head) {
        byte[] sig = GptParser.SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        if (at(head, 512, sig)) {
            return 512;
        }
        return at(head, 4096, sig) ? 4096 : 512;
    }

    private static boolean at(byte[] b, int off, byte[] sig) {
        if (b.length < off + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (b[off + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
