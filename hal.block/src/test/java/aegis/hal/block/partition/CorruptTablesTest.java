package aegis.hal.block.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.block.testing.Fixtures;

/**
 * Corrupt and hostile tables built from the real fixture images: each gives a clear error naming the
 * byte offset, or (for a bad primary GPT) the backup with a warning.
 */
class CorruptTablesTest {
    static final int SS = 512;

    static byte[] gpt() throws Exception {
        return Files.readAllBytes(Fixtures.image("gpt-3part.img"));
    }

    static byte[] mbr() throws Exception {
        return Files.readAllBytes(Fixtures.image("mbr-ext-2log.img"));
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Recomputes the entry-array CRC and the header CRC of the header at {@code lba}. */
    static void fixCrcs(byte[] img, long lba) {
        ByteBuffer b = le(img);
        int h = (int) (lba * SS);
        long entriesLba = b.getLong(h + 72);
        long count = b.getInt(h + 80) & 0xffffffffL;
        long size = b.getInt(h + 84) & 0xffffffffL;
        if (count * size <= 1 << 20 && entriesLba >= 0 && entriesLba < img.length / SS
                && entriesLba * SS + count * size <= img.length) {
            CRC32 c = new CRC32();
            c.update(img, (int) entriesLba * SS, (int) (count * size));
            b.putInt(h + 88, (int) c.getValue());
        }
        int hs = b.getInt(h + 12);
        b.putInt(h + 16, 0);
        CRC32 c = new CRC32();
        c.update(img, h, Math.min(Math.max(hs, 0), SS));
        b.putInt(h + 16, (int) c.getValue());
    }

    static void bothHeaders(byte[] img, java.util.function.IntConsumer edit) {
        for (long lba : new long[] {1, img.length / SS - 1}) {
            edit.accept((int) (lba * SS));
            fixCrcs(img, lba);
        }
    }

    static PartitionTableException bad(byte[] img) {
        return assertThrows(PartitionTableException.class,
                () -> PartitionTables.read(SectorSource.of(img, SS)));
    }

    @Test
    void headerCrcMismatchInBothCopiesNamesTheOffsets() throws Exception {
        byte[] img = gpt();
        img[512 + 16] ^= 1;
        img[img.length - SS + 16] ^= 1;
        PartitionTableException e = bad(img);
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertEquals(528, e.offset());
        assertTrue(e.getMessage().contains("CRC32 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte " + (img.length - SS + 16)), e.getMessage());
    }

    @Test
    void entryArrayCrcMismatchUsesBackupAndSaysSo() throws Exception {
        byte[] img = gpt();
        img[1024 + 56] ^= 0x20; // a character of partition 1's name, primary array only
        PartitionTable t = PartitionTables.read(SectorSource.of(img, SS)).orElseThrow();
        assertTrue(t.usedBackup());
        assertTrue(t.warnings().get(0).contains("entry array CRC32 mismatch"), t.warnings().toString());
        assertTrue(t.warnings().get(0).contains("at byte 1024"), t.warnings().toString());
        assertEquals("EFI System Partition", t.partition(1).orElseThrow().name());
    }

    @Test
    void badBackupIsReportedButPrimaryUsed() throws Exception {
        byte[] img = gpt();
        img[img.length - SS] = 'X';
        PartitionTable t = PartitionTables.read(SectorSource.of(img, SS)).orElseThrow();
        assertTrue(!t.usedBackup() && t.warnings().get(0).contains("backup GPT at LBA 2047"), t.warnings().toString());
    }

    @Test
    void entrySizeZero() throws Exception {
        byte[] img = gpt();
        bothHeaders(img, h -> le(img).putInt(h + 84, 0));
        PartitionTableException e = bad(img);
        assertEquals(512 + 84, e.offset());
        assertTrue(e.getMessage().contains("entry size is 0"), e.getMessage());
    }

    @Test
    void entrySizeHugeAndCountHuge() throws Exception {
        byte[] img = gpt();
        bothHeaders(img, h -> le(img).putInt(h + 84, 0x40000000));
        assertTrue(bad(img).getMessage().contains("entry size 1073741824"));
        byte[] img2 = gpt();
        bothHeaders(img2, h -> le(img2).putInt(h + 80, -1));
        PartitionTableException e = bad(img2);
        assertEquals(512 + 80, e.offset());
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        byte[] img3 = gpt();
        bothHeaders(img3, h -> le(img3).putInt(h + 84, 200));
        assertTrue(bad(img3).getMessage().contains("not 128"));
    }

    @Test
    void overlappingGptPartitions() throws Exception {
        byte[] img = gpt();
        // partition 2 (entry at byte 1024 + 128) starts inside partition 1 (64..575), in both arrays
        le(img).putLong(1024 + 128 + 32, 500);
        long backupEntries = le(img).getLong(img.length - SS + 72);
        le(img).putLong((int) (backupEntries * SS) + 128 + 32, 500);
        bothHeaders(img, h -> { });
        PartitionTableException e = bad(img);
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte 1152"), e.getMessage());
    }

    @Test
    void gptPartitionPastTheEnd() throws Exception {
        byte[] img = gpt();
        le(img).putLong(1024 + 256 + 40, 5000);
        long backupEntries = le(img).getLong(img.length - SS + 72);
        le(img).putLong((int) (backupEntries * SS) + 256 + 40, 5000);
        bothHeaders(img, h -> { });
        PartitionTableException e = bad(img);
        assertTrue(e.getMessage().contains("past the end of the device"), e.getMessage());
        assertEquals(1024 + 256 + 32, e.offset());
    }

    @Test
    void truncatedImageMadeForALargerDevice() throws Exception {
        byte[] img = Arrays.copyOf(gpt(), 512 * 1024);
        PartitionTableException e = bad(img);
        assertTrue(e.getMessage().contains("past the end of the device (1024 sectors)"), e.getMessage());
        assertEquals(512 + 48, e.offset());
    }

    @Test
    void mbrExtendedChainLoop() throws Exception {
        byte[] img = mbr();
        // the second EBR (at sector 1055 = 512 + 543) links back to the first one (relative 0)
        int ebr2 = 1055 * SS;
        assertEquals(0x55, img[ebr2 + 510] & 0xff);
        le(img).putInt(ebr2 + 446 + 16 + 8, 0);
        le(img).putInt(ebr2 + 446 + 16 + 12, 1);
        img[ebr2 + 446 + 16 + 4] = 0x05;
        PartitionTableException e = bad(img);
        assertTrue(e.getMessage().contains("loops"), e.getMessage());
        assertEquals(ebr2 + 446 + 16 + 8, e.offset());
    }

    @Test
    void mbrOverlappingPrimaries() throws Exception {
        byte[] img = mbr();
        le(img).putInt(446 + 16 + 8, 100); // extended starts inside p1 (64..511)
        PartitionTableException e = bad(img);
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void mbrPartitionPastTheEndAndLogicalOutsideExtended() throws Exception {
        byte[] img = mbr();
        le(img).putInt(446 + 12, 100000);
        PartitionTableException e = bad(img);
        assertEquals(446 + 8, e.offset());
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
        byte[] img2 = mbr();
        int ebr1 = 512 * SS;
        le(img2).putInt(ebr1 + 446 + 12, 5000);
        PartitionTableException e2 = bad(img2);
        assertEquals(ebr1 + 446 + 8, e2.offset());
        assertTrue(e2.getMessage().contains("extended partition"), e2.getMessage());
    }

    @Test
    void ebrWithoutSignatureEndsTheChainWithAWarning() throws Exception {
        byte[] img = mbr();
        img[1055 * SS + 510] = 0;
        PartitionTable t = PartitionTables.read(SectorSource.of(img, SS)).orElseThrow();
        assertEquals(3, t.partitions().size());
        assertTrue(t.warnings().get(0).contains("at byte " + (1055 * SS + 510)), t.warnings().toString());
    }

    @Test
    void fileSystemBootSectorIsNoTable() throws Exception {
        byte[] img = mbr();
        img[446] = 0x12; // not a boot indicator: a FAT boot sector's code, say
        assertTrue(PartitionTables.read(SectorSource.of(img, SS)).isEmpty());
    }
}
