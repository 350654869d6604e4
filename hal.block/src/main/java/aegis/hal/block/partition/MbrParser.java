package aegis.hal.block.partition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import aegis.hal.api.error.HalException;

/**
 * Parses a PC master boot record: the four primary slots and the chain of extended boot records
 * (EBRs) inside the first extended partition, with loop, bounds and overlap checks. Plain Java over
 * the sectors a {@link SectorSource} returns; stateless and thread-safe.
 */
public final class MbrParser {
    /** Byte offset of the disk identifier in the MBR. */
    public static final int DISK_ID_OFFSET = 440;
    /** Byte offset of the first of the four partition entries. */
    public static final int TABLE_OFFSET = 446;
    /** The most logical partitions followed before the chain is declared too long. */
    public static final int MAX_LOGICAL = 1024;

    private MbrParser() {
    }

    /**
     * Parses an MBR.
     *
     * @param src the device
     * @param mbr the bytes of LBA 0 (at least 512)
     * @return the table, or empty when LBA 0 is not a partition table (no 0x55AA signature, or a boot
     *         indicator other than 0x00/0x80, as in a file-system boot sector)
     * @throws PartitionTableException if a partition lies past the end of the device, starts at
     *                                 sector 0, overlaps another, or the EBR chain loops or leaves
     *                                 its extended partition
     * @throws HalException            ({@code IO}) if an EBR cannot be read
     */
    public static Optional<PartitionTable> parse(SectorSource src, byte[] mbr) throws HalException {
        if (!Le.bootSignature(mbr)) {
            return Optional.empty();
        }
        for (int i = 0; i < 4; i++) {
            int boot = Le.u8(mbr, TABLE_OFFSET + 16 * i);
            if (boot != 0 && boot != 0x80) {
                return Optional.empty();
            }
        }
        long count = src.sectorCount();
        int ss = src.sectorSize();
        long diskId = Le.u32(mbr, DISK_ID_OFFSET);
        String id = String.format("0x%08x", diskId);
        List<Partition> primaries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Partition extended = null;
        for (int i = 0; i < 4; i++) {
            int off = TABLE_OFFSET + 16 * i;
            int type = Le.u8(mbr, off + 4);
            long start = Le.u32(mbr, off + 8);
            long size = Le.u32(mbr, off + 12);
            if (type == 0 || size == 0) {
                continue;
            }
            boolean ext = MbrTypes.isExtended(type);
            Partition p = part(i + 1, ext ? PartitionKind.EXTENDED : PartitionKind.PRIMARY, start, size, type,
                    Le.u8(mbr, off), diskId, off);
            bounds(p, 1, count - 1, "the device (" + count + " sectors)");
            if (ext) {
                if (extended == null) {
                    extended = p;
                } else {
                    warnings.add("at byte " + off + ": second extended partition " + (i + 1)
                            + " ignored (only the first one's chain is followed)");
                }
            }
            primaries.add(p);
        }
        GptParser.checkOverlaps(primaries, "MBR partition");
        List<Partition> all = new ArrayList<>(primaries);
        if (extended != null) {
            List<Partition> logical = chain(src, extended, diskId, warnings);
            GptParser.checkOverlaps(logical, "logical partition");
            all.addAll(logical);
        }
        return Optional.of(new PartitionTable(Scheme.MBR, id, ss, count, 0, count - 1, all, Optional.empty(), false,
                warnings));
    }

    private static List<Partition> chain(SectorSource src, Partition ext, long diskId, List<String> warnings)
            throws HalException {
        int ss = src.sectorSize();
        long extEnd = ext.endLba();
        List<Partition> out = new ArrayList<>();
        Set<Long> visited = new HashSet<>();
        long ebr = ext.startLba();
        long linkOffset = ext.entryOffset() + 8;
        int number = 5;
        while (true) {
            if (!visited.add(ebr)) {
                throw new PartitionTableException(linkOffset, "extended boot record chain loops: link points back to"
                        + " the EBR at LBA " + ebr + " (byte " + ebr * ss + ")");
            }
            if (visited.size() > MAX_LOGICAL) {
                throw new PartitionTableException(linkOffset, "extended boot record chain longer than " + MAX_LOGICAL);
            }
            if (ebr < ext.startLba() || ebr > extEnd) {
                throw new PartitionTableException(linkOffset, "extended boot record link to LBA " + ebr
                        + " leaves the extended partition (sectors " + ext.startLba() + ".." + extEnd + ")");
            }
            byte[] sector = GptParser.read(src, ebr, 1);
            long base = ebr * ss;
            if (!Le.bootSignature(sector)) {
                warnings.add("at byte " + (base + 510) + ": extended boot record at LBA " + ebr
                        + " has no 0x55AA signature; the chain ends there");
                return out;
            }
            int e0 = TABLE_OFFSET;
            int type = Le.u8(sector, e0 + 4);
            long rel = Le.u32(sector, e0 + 8);
            long size = Le.u32(sector, e0 + 12);
            if (type != 0 && size != 0) {
                if (rel == 0) {
                    throw new PartitionTableException(base + e0 + 8, "logical partition " + number
                            + " starts on its own extended boot record (LBA " + ebr + ")");
                }
                Partition p = part(number, PartitionKind.LOGICAL, ebr + rel, size, type, Le.u8(sector, e0), diskId,
                        base + e0);
                bounds(p, ext.startLba(), extEnd, "the extended partition (sectors " + ext.startLba() + ".." + extEnd + ")");
                out.add(p);
                number++;
            }
            int e1 = TABLE_OFFSET + 16;
            int nextType = Le.u8(sector, e1 + 4);
            long nextRel = Le.u32(sector, e1 + 8);
            long nextSize = Le.u32(sector, e1 + 12);
            if (!MbrTypes.isExtended(nextType) || nextSize == 0) {
                return out;
            }
            linkOffset = base + e1 + 8;
            ebr = ext.startLba() + nextRel;
        }
    }

    private static Partition part(int number, PartitionKind kind, long start, long size, int type, int boot,
            long diskId, long entryOffset) {
        return new Partition(number, kind, start, size, Integer.toHexString(type), MbrTypes.name(type),
                String.format("%08x-%02x", diskId, number), "", boot, "", boot == 0x80, entryOffset);
    }

    private static void bounds(Partition p, long min, long max, String area) throws PartitionTableException {
        if (p.startLba() < min || p.endLba() > max) {
            String what = p.kind() == PartitionKind.LOGICAL ? "logical partition " : "MBR partition ";
            throw new PartitionTableException(p.entryOffset() + 8, what + p.number() + " (sectors " + p.startLba() + ".."
                    + p.endLba() + ") lies outside " + area + (p.endLba() > max ? ": its size runs past the end" : ""));
        }
    }
}
