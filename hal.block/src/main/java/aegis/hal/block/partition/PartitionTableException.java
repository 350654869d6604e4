package aegis.hal.block.partition;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * A partition table that is present but cannot be trusted: bad signature, CRC32 mismatch, entry
 * size 0 or huge, overlapping or looping partitions, partitions past the end of the device. The
 * message names what was wrong and the byte offset on the device where it was found. Code
 * {@link ErrorCode#BAD_FORMAT}. Immutable, thread-safe.
 */
public class PartitionTableException extends HalException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset  the byte offset on the device (or image) where the problem was found
     * @param message what was wrong, for a person to read (the offset is prepended)
     */
    public PartitionTableException(long offset, String message) {
        super(ErrorCode.BAD_FORMAT, "at byte " + offset + ": " + message);
        this.offset = offset;
    }

    /** @return the byte offset on the device where the problem was found */
    public long offset() {
        return offset;
    }
}
