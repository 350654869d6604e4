package aegis.hal.block.partition;

/**
 * A GPT header as read from the device. Immutable.
 *
 * @param lba                the sector the header was read from
 * @param revision           the revision field ({@code 0x00010000} for 1.0)
 * @param headerSize         the header size field
 * @param headerCrc32        the stored header CRC32
 * @param myLba              the header's own LBA field
 * @param alternateLba       the LBA of the other header
 * @param firstUsableLba     the first sector partitions may use
 * @param lastUsableLba      the last sector partitions may use
 * @param diskGuid           the disk GUID in upper case
 * @param entriesLba         the first sector of the partition entry array
 * @param entryCount         the number of entries
 * @param entrySize          the size of one entry in bytes
 * @param entriesCrc32       the stored CRC32 of the entry array
 */
public record GptHeader(long lba, long revision, int headerSize, long headerCrc32, long myLba, long alternateLba,
        long firstUsableLba, long lastUsableLba, String diskGuid, long entriesLba, long entryCount, long entrySize,
        long entriesCrc32) {
}
