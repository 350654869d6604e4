package aegis.hal.block.partition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Parses a GUID Partition Table (UEFI 2.10, section 5.3): the primary header at LBA 1 and its entry
 * array, checked by their CRC32s, and the backup header (normally at the last LBA), which is used
 * and reported when the primary is bad. Plain Java over the sectors a {@link SectorSource} returns;
 * stateless and thread-safe.
 *
 * <p>Accepted: header sizes from 92 bytes to one sector, entry sizes 128 × 2<sup>n</sup> up to
 * {@value #MAX_ENTRY_SIZE} bytes (only the first 128 bytes of each entry are read), entry arrays up
 * to {@value #MAX_ARRAY_BYTES} bytes. Everything else, and any partition outside the usable area
 * or overlapping another, is a {@link PartitionTableException} naming the byte offset.
 */
public final class GptParser {
    /** Signature at the start of a GPT header. */
    public static final String SIGNATURE = "EFI PART";
    /** The largest entry size accepted. */
    public static final int MAX_ENTRY_SIZE = 4096;
    /** The largest entry array accepted (the usual one is 16 KiB). */
    public static final int MAX_ARRAY_BYTES = 4 * 1024 * 1024;
    /** Minimum header size defined by the specification. */
    public static final int MIN_HEADER_SIZE = 92;

    private static final byte[] SIG = SIGNATURE.getBytes(StandardCharsets.US_ASCII);

    private GptParser() {
    }

    /**
     * Parses the GPT of a device whose LBA 0 holds a protective (or hybrid) MBR.
     *
     * @param src the device
     * @return the table, from the primary header and array or, when those are bad, from the backup
     * @throws PartitionTableException if neither copy is valid or a partition is out of bounds or
     *                                 overlaps another
     * @throws HalException            ({@code IO}) if the sectors cannot be read
     */
    public static PartitionTable parse(SectorSource src) throws HalException {
        int ss = src.sectorSize();
        long count = src.sectorCount();
        if (count < 3) {
            throw new PartitionTableException(ss, "device of " + count + " sectors is too small for a GPT");
        }
        List<String> warnings = new ArrayList<>();
        Copy primary = null;
        PartitionTableException primaryError = null;
        long backupLba = count - 1;
        try {
            GptHeader h = header(read(src, 1, 1), 1, ss, count);
            if (h.alternateLba() > 1 && h.alternateLba() < count) {
                backupLba = h.alternateLba();
            }
            primary = copy(src, h, true);
        } catch (PartitionTableException e) {
            primaryError = e;
        }
        Copy backup = null;
        PartitionTableException backupError = null;
        try {
            GptHeader h = header(read(src, backupLba, 1), backupLba, ss, count);
            backup = copy(src, h, false);
        } catch (PartitionTableException e) {
            backupError = e;
        } catch (HalException e) {
            if (primary == null) {
                throw e;
            }
            // an unreadable backup does not spoil a good primary: say so and go on
            backupError = new PartitionTableException(backupLba * ss, "backup GPT unreadable: " + e.getMessage());
        }
        if (primary == null && backup == null) {
            throw new PartitionTableException(primaryError.offset(), "primary GPT invalid ("
                    + primaryError.getMessage() + ") and backup GPT at LBA " + backupLba + " invalid ("
                    + backupError.getMessage() + ")");
        }
        Copy used;
        boolean usedBackup;
        if (primary != null) {
            used = primary;
            usedBackup = false;
            if (backup == null) {
                warnings.add("backup GPT at LBA " + backupLba + " is invalid, primary used: " + backupError.getMessage());
            }
        } else {
            used = backup;
            usedBackup = true;
            warnings.add("primary GPT is invalid, backup at LBA " + backupLba + " used: " + primaryError.getMessage());
        }
        GptHeader h = used.header;
        return new PartitionTable(Scheme.GPT, h.diskGuid() == null ? "00000000-0000-0000-0000-000000000000" : h.diskGuid(),
                ss, count, h.firstUsableLba(), h.lastUsableLba(), used.partitions, Optional.of(h), usedBackup, warnings);
    }

    private record Copy(GptHeader header, List<Partition> partitions) {
    }

    private static Copy copy(SectorSource src, GptHeader h, boolean primary) throws HalException {
        int ss = src.sectorSize();
        long count = src.sectorCount();
        long headerOffset = h.lba() * ss;
        long bytes = h.entryCount() * h.entrySize();
        int sectors = (int) ((bytes + ss - 1) / ss);
        long arrayEnd = h.entriesLba() + sectors - 1;
        if (h.entriesLba() < 2 || h.entriesLba() >= count || arrayEnd >= count) {
            throw new PartitionTableException(headerOffset + 72, "partition entry array at LBA " + h.entriesLba()
                    + ".." + arrayEnd + " lies outside the device (" + count + " sectors)");
        }
        if (primary ? arrayEnd >= h.firstUsableLba() || h.entriesLba() <= h.lba()
                : h.entriesLba() <= h.lastUsableLba() || arrayEnd >= h.lba()) {
            throw new PartitionTableException(headerOffset + 72, "partition entry array at LBA " + h.entriesLba()
                    + ".." + arrayEnd + " overlaps the header or the usable area " + h.firstUsableLba() + ".."
                    + h.lastUsableLba());
        }
        byte[] array = read(src, h.entriesLba(), sectors);
        CRC32 crc = new CRC32();
        crc.update(array, 0, (int) bytes);
        if (crc.getValue() != h.entriesCrc32()) {
            throw new PartitionTableException(h.entriesLba() * ss, String.format(
                    "partition entry array CRC32 mismatch (header at byte %d stores 0x%08x, computed 0x%08x)",
                    headerOffset, h.entriesCrc32(), crc.getValue()));
        }
        return new Copy(h, entries(array, h, ss, count));
    }

    /**
     * Parses and checks one GPT header sector.
     *
     * @param sector the sector bytes
     * @param lba    the sector it was read from
     * @param ss     the sector size
     * @param count  the device size in sectors
     * @return the header
     * @throws PartitionTableException if the signature, size, CRC32, own-LBA or usable range is wrong
     */
    public static GptHeader header(byte[] sector, long lba, int ss, long count) throws PartitionTableException {
        long off = lba * ss;
        if (sector.length < 512) {
            throw new PartitionTableException(off, "GPT header sector is only " + sector.length + " bytes");
        }
        for (int i = 0; i < SIG.length; i++) {
            if (sector[i] != SIG[i]) {
                throw new PartitionTableException(off, "no GPT header signature \"EFI PART\"");
            }
        }
        long headerSize = Le.u32(sector, 12);
        if (headerSize < MIN_HEADER_SIZE || headerSize > Math.min(ss, sector.length)) {
            throw new PartitionTableException(off + 12, "GPT header size " + headerSize + " outside " + MIN_HEADER_SIZE
                    + ".." + ss);
        }
        long stored = Le.u32(sector, 16);
        CRC32 crc = new CRC32();
        crc.update(sector, 0, 16);
        crc.update(new byte[4]);
        crc.update(sector, 20, (int) headerSize - 20);
        if (crc.getValue() != stored) {
            throw new PartitionTableException(off + 16, String.format(
                    "GPT header CRC32 mismatch (stored 0x%08x, computed 0x%08x)", stored, crc.getValue()));
        }
        long my = Le.u64(sector, 24);
        if (my != lba) {
            throw new PartitionTableException(off + 24, "GPT header says it is at LBA " + Long.toUnsignedString(my)
                    + " but was read from LBA " + lba);
        }
        long first = Le.u64(sector, 40);
        long last = Le.u64(sector, 48);
        if (first < 2 || Long.compareUnsigned(first, last) > 0) {
            throw new PartitionTableException(off + 40, "GPT usable area " + Long.toUnsignedString(first) + ".."
                    + Long.toUnsignedString(last) + " is empty or starts before LBA 2");
        }
        if (Long.compareUnsigned(last, count - 1) >= 0) {
            throw new PartitionTableException(off + 48, "GPT last usable LBA " + Long.toUnsignedString(last)
                    + " is past the end of the device (" + count + " sectors): the table was made for a larger device");
        }
        long entryCount = Le.u32(sector, 80);
        long entrySize = Le.u32(sector, 84);
        if (entrySize == 0) {
            throw new PartitionTableException(off + 84, "GPT partition entry size is 0");
        }
        if (entrySize < 128 || entrySize > MAX_ENTRY_SIZE || Long.bitCount(entrySize) != 1) {
            throw new PartitionTableException(off + 84, "GPT partition entry size " + entrySize
                    + " is not 128 × 2^n up to " + MAX_ENTRY_SIZE);
        }
        if (entryCount == 0) {
            throw new PartitionTableException(off + 80, "GPT has 0 partition entries");
        }
        if (entryCount * entrySize > MAX_ARRAY_BYTES) {
            throw new PartitionTableException(off + 80, "GPT partition entry array of " + entryCount + " × " + entrySize
                    + " bytes is larger than " + MAX_ARRAY_BYTES);
        }
        long entriesLba = Le.u64(sector, 72);
        if (entriesLba < 0) {
            throw new PartitionTableException(off + 72, "GPT partition entry LBA " + Long.toUnsignedString(entriesLba)
                    + " is past the end of the device");
        }
        return new GptHeader(lba, Le.u32(sector, 8), (int) headerSize, stored, my, Le.u64(sector, 32), first, last,
                Le.guid(sector, 56), entriesLba, entryCount, entrySize, Le.u32(sector, 88));
    }

    private static List<Partition> entries(byte[] array, GptHeader h, int ss, long count)
            throws PartitionTableException {
        long base = h.entriesLba() * ss;
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < h.entryCount(); i++) {
            int off = (int) (i * h.entrySize());
            String type = Le.guid(array, off);
            if (type == null) {
                continue;
            }
            long entryOffset = base + off;
            long first = Le.u64(array, off + 32);
            long last = Le.u64(array, off + 40);
            long attrs = Le.u64(array, off + 48);
            if (Long.compareUnsigned(first, last) > 0) {
                throw new PartitionTableException(entryOffset + 32, "GPT partition " + (i + 1) + " starts at LBA "
                        + Long.toUnsignedString(first) + " after its end LBA " + Long.toUnsignedString(last));
            }
            if (Long.compareUnsigned(first, h.firstUsableLba()) < 0
                    || Long.compareUnsigned(last, h.lastUsableLba()) > 0) {
                String where = Long.compareUnsigned(last, count - 1) > 0 ? " (past the end of the device, "
                        + count + " sectors)" : "";
                throw new PartitionTableException(entryOffset + 32, "GPT partition " + (i + 1) + " at LBA "
                        + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last)
                        + " lies outside the usable area " + h.firstUsableLba() + ".." + h.lastUsableLba() + where);
            }
            String name = name(array, off + 56);
            String uuid = Le.guid(array, off + 16);
            parts.add(new Partition(i + 1, PartitionKind.GPT, first, last - first + 1, type, GptTypes.name(type),
                    uuid == null ? "00000000-0000-0000-0000-000000000000" : uuid, name, attrs, attributeText(attrs),
                    (attrs & 4) != 0, entryOffset));
        }
        checkOverlaps(parts, "GPT partition");
        return parts;
    }

    static void checkOverlaps(List<Partition> parts, String what) throws PartitionTableException {
        List<Partition> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingLong(Partition::startLba));
        for (int i = 1; i < sorted.size(); i++) {
            Partition a = sorted.get(i - 1);
            Partition b = sorted.get(i);
            if (b.startLba() <= a.endLba()) {
                throw new PartitionTableException(b.entryOffset(), what + " " + b.number() + " (sectors "
                        + b.startLba() + ".." + b.endLba() + ") overlaps " + what + " " + a.number() + " (sectors "
                        + a.startLba() + ".." + a.endLba() + ", entry at byte " + a.entryOffset() + ")");
            }
        }
    }

    private static String name(byte[] b, int off) {
        int len = 0;
        while (len < 72 && (b[off + len] != 0 || b[off + len + 1] != 0)) {
            len += 2;
        }
        return new String(b, off, len, StandardCharsets.UTF_16LE);
    }

    /**
     * Writes GPT attribute bits as sfdisk does: {@code RequiredPartition}, {@code NoBlockIOProtocol},
     * {@code LegacyBIOSBootable}, then {@code GUID:n[,m...]} for the type-specific bits 48-63; the
     * other bits are not shown.
     *
     * @param attrs the 64 attribute bits
     * @return the text, {@code ""} when no shown bit is set
     */
    public static String attributeText(long attrs) {
        StringBuilder sb = new StringBuilder();
        if ((attrs & 1) != 0) {
            sb.append("RequiredPartition");
        }
        if ((attrs & 2) != 0) {
            sb.append(sb.length() > 0 ? " " : "").append("NoBlockIOProtocol");
        }
        if ((attrs & 4) != 0) {
            sb.append(sb.length() > 0 ? " " : "").append("LegacyBIOSBootable");
        }
        boolean first = true;
        for (int bit = 48; bit < 64; bit++) {
            if ((attrs & (1L << bit)) != 0) {
                if (first) {
                    sb.append(sb.length() > 0 ? " " : "").append("GUID:").append(bit);
                    first = false;
                } else {
                    sb.append(',').append(bit);
                }
            }
        }
        return sb.toString();
    }

    static byte[] read(SectorSource src, long lba, int count) throws HalException {
        try {
            byte[] b = src.read(lba, count);
            if (b == null || b.length != count * src.sectorSize()) {
                throw new HalException(ErrorCode.IO, "short read of " + count + " sectors at LBA " + lba);
            }
            return b;
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot read " + count + " sectors at LBA " + lba + " (byte "
                    + lba * src.sectorSize() + "): " + e.getMessage(), e);
        }
    }
}
