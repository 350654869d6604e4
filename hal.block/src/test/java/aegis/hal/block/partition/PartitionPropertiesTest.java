package aegis.hal.block.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import aegis.hal.api.error.HalException;
import aegis.hal.block.testing.Fixtures;

/**
 * Structure-aware properties: GPT headers and entries with arbitrary field values but valid CRCs, and
 * MBRs with arbitrary slots and EBR links. Whatever the fields say, the parser either returns a table
 * that keeps its invariants (every partition inside the usable area and the device, none overlapping)
 * or throws a {@link PartitionTableException} whose offset lies on the device.
 */
class PartitionPropertiesTest {
    private static final int SS = 512;
    private static final byte[] GPT;
    private static final byte[] MBR;

    static {
        try {
            GPT = Files.readAllBytes(Fixtures.image("gpt-3part.img"));
            MBR = Files.readAllBytes(Fixtures.image("mbr-ext-2log.img"));
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Arbitrary<Long> lba() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-3, 2100), Arbitraries.of(0L, 1L, 2L, 33L, 34L, 2014L,
                2015L, 2046L, 2047L, 2048L, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
    }

    @Provide
    Arbitrary<byte[]> gptImages() {
        Arbitrary<long[]> header = Combinators.combine(lba(), lba(), lba(), lba(),
                Arbitraries.of(0L, 1L, 4L, 128L, 129L, 4096L, 0xffffffffL), Arbitraries.of(0L, 64L, 128L, 256L, 4096L,
                        8192L, 0x80000000L)).as((first, last, entries, alternate, count, size) -> new long[] {first, last,
                            entries, alternate, count, size});
        Arbitrary<long[]> entry = Combinators.combine(lba(), lba(), Arbitraries.integers().between(0, 4))
                .as((a, b, i) -> new long[] {a, b, i});
        return Combinators.combine(header, entry.list().ofMaxSize(4), Arbitraries.integers().between(0, 3))
                .as((h, entries, which) -> build(h, entries, which));
    }

    static byte[] build(long[] h, List<long[]> entries, int which) {
        byte[] img = GPT.clone();
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        long[] headers = which == 0 ? new long[] {1} : which == 1 ? new long[] {2047} : new long[] {1, 2047};
        for (long lba : headers) {
            int o = (int) lba * SS;
            int field = (int) (Math.abs(h[0] + h[1]) % 6);
            // change a few fields, keep the others real, so that checks further down are reached
            if (field != 0) {
                b.putLong(o + 40, h[0]);
            }
            if (field != 1) {
                b.putLong(o + 48, h[1]);
            }
            if (field == 2 || field == 5) {
                b.putLong(o + 72, h[2]);
            }
            if (field == 3) {
                b.putLong(o + 32, h[3]);
            }
            if (field == 4 || field == 5) {
                b.putInt(o + 80, (int) h[4]);
                b.putInt(o + 84, (int) h[5]);
            }
            long entriesLba = b.getLong(o + 72);
            for (long[] e : entries) {
                long at = entriesLba * SS + e[2] * 128;
                if (entriesLba > 0 && at >= 0 && at + 128 <= img.length) {
                    b.putLong((int) at + 32, e[0]);
                    b.putLong((int) at + 40, e[1]);
                    if (e[2] == 4) {
                        img[(int) at] = 0x11; // a used type GUID in a formerly empty slot
                    }
                }
            }
            CorruptTablesTest.fixCrcs(img, lba);
        }
        return img;
    }

    @Property(tries = 400)
    void gptEitherKeepsInvariantsOrNamesAnOffset(@ForAll("gptImages") byte[] img) {
        Statistics.collect(check(img));
        Statistics.coverage(c -> {
            c.check("table").count(n -> n > 0);
            c.check("error").count(n -> n > 0);
            c.check("backup").count(n -> n > 0);
        });
    }

    @Provide
    Arbitrary<byte[]> mbrImages() {
        Arbitrary<int[]> slot = Combinators.combine(Arbitraries.of(0x00, 0x80), Arbitraries.of(0x00, 0x05, 0x0f,
                0x85, 0x83, 0x0c, 0xee), Arbitraries.integers().between(0, 2100), Arbitraries.integers().between(0, 2100))
                .as((boot, type, start, size) -> new int[] {boot, type, start, size});
        return Combinators.combine(slot.list().ofSize(4), slot.list().ofMaxSize(3), Arbitraries.integers()
                .between(0, 1)).as((primaries, ebrs, keep) -> {
                    byte[] img = MBR.clone();
                    ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < 4; i++) {
                        if (keep == 1 && i == 1) {
                            continue; // keep the real extended partition and its chain
                        }
                        int[] s = primaries.get(i);
                        int o = 446 + 16 * i;
                        img[o] = (byte) s[0];
                        img[o + 4] = (byte) s[1];
                        b.putInt(o + 8, s[2]);
                        b.putInt(o + 12, s[3]);
                    }
                    int[] ebrAt = {512, 1055};
                    for (int i = 0; i < ebrs.size() && i < ebrAt.length; i++) {
                        int[] s = ebrs.get(i);
                        int o = ebrAt[i] * SS + 446 + 16 * (s[0] == 0 ? 0 : 1);
                        img[o + 4] = (byte) s[1];
                        b.putInt(o + 8, s[2]);
                        b.putInt(o + 12, s[3]);
                    }
                    return img;
                });
    }

    @Property(tries = 400)
    void mbrEitherKeepsInvariantsOrNamesAnOffset(@ForAll("mbrImages") byte[] img) {
        Statistics.collect(check(img));
        Statistics.coverage(c -> {
            c.check("table").count(n -> n > 0);
            c.check("error").count(n -> n > 0);
        });
    }

    /** @return what happened: none, table, backup (GPT from the backup), error */
    static String check(byte[] img) {
        try {
            Optional<PartitionTable> t = PartitionTables.read(SectorSource.of(img, SS));
            if (t.isEmpty()) {
                return "none";
            }
            PartitionTable table = t.get();
            long count = img.length / SS;
            List<Partition> flat = new ArrayList<>();
            List<Partition> logical = new ArrayList<>();
            for (Partition p : table.partitions()) {
                assertTrue(p.sizeLba() > 0 && p.startLba() >= 1 && p.endLba() < count, p.toString());
                if (table.scheme() == Scheme.GPT) {
                    assertTrue(p.startLba() >= table.firstUsableLba() && p.endLba() <= table.lastUsableLba(),
                            p.toString());
                }
                (p.kind() == PartitionKind.LOGICAL ? logical : flat).add(p);
            }
            noOverlap(flat);
            noOverlap(logical);
            for (Partition l : logical) {
                Partition ext = table.partitions().stream().filter(p -> p.kind() == PartitionKind.EXTENDED)
                        .findFirst().orElseThrow();
                assertTrue(l.startLba() > ext.startLba() && l.endLba() <= ext.endLba(), l + " in " + ext);
            }
            return table.usedBackup() ? "backup" : "table";
        } catch (PartitionTableException e) {
            assertTrue(e.offset() >= 0 && e.offset() < img.length, e.offset() + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("at byte " + e.offset() + ": "), e.getMessage());
            return "error";
        } catch (HalException e) {
            assertEquals(aegis.hal.api.error.ErrorCode.IO, e.code(), e.getMessage());
            return "io";
        }
    }

    static void noOverlap(List<Partition> parts) {
        parts.sort(Comparator.comparingLong(Partition::startLba));
        for (int i = 1; i < parts.size(); i++) {
            assertTrue(parts.get(i).startLba() > parts.get(i - 1).endLba(), parts.toString());
        }
    }
}
