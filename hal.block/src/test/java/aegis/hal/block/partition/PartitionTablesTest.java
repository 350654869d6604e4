package aegis.hal.block.partition;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aegis.hal.block.testing.Fixtures;
import aegis.hal.block.testing.SfdiskOracle;

/** GPT and MBR parsing compared field by field with sfdisk: the fixture images' oracles and images made here. */
class PartitionTablesTest {
    @TempDir
    Path tmp;

    static PartitionTable parse(Path image, int sectorSize) throws Exception {
        Optional<PartitionTable> t = PartitionTables.read(SectorSource.of(Files.readAllBytes(image), sectorSize));
        assertTrue(t.isPresent(), image + " has a table");
        return t.get();
    }

    @Test
    void fixtureImagesAgreeWithTheirSfdiskOracles() throws Exception {
        for (String name : List.of("gpt-3part", "mbr-ext-2log")) {
            PartitionTable t = parse(Fixtures.image(name + ".img"), 512);
            SfdiskOracle.assertAgrees(Fixtures.json(Fixtures.image("oracle/" + name + ".sfdisk.json")), t, name);
            assertTrue(t.warnings().isEmpty(), t.warnings().toString());
            assertFalse(t.usedBackup());
        }
    }

    /** partx -s -b -o NR,...,FLAGS prints the raw GPT attribute bits: compare them too. */
    @Test
    void gptAttributeBitsAgreeWithPartx() throws Exception {
        PartitionTable t = parse(Fixtures.image("gpt-3part.img"), 512);
        List<String> lines = Files.readAllLines(Fixtures.image("oracle/gpt-3part.partx-s-all.txt"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            int nr = Integer.parseInt(f[0]);
            String flags = f[f.length - 2];
            Partition p = t.partition(nr).orElseThrow();
            assertEquals(Long.parseUnsignedLong(flags.substring(2), 16), p.attributes(), "partition " + nr);
            assertEquals(Long.parseLong(f[3]), p.sizeLba(), "sectors of " + nr);
            assertEquals(Long.parseLong(f[4]), p.sizeLba() * 512, "bytes of " + nr);
        }
    }

    @Test
    void typeNamesAgreeWithSfdiskTypeLists() throws Exception {
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        Map<String, String> gpt = new java.util.HashMap<>();
        for (String line : Fixtures.check(null, "sfdisk", "--label", "gpt", "-T").split("\n")) {
            String l = line.trim();
            if (l.length() > 38 && l.charAt(8) == '-') {
                gpt.put(l.substring(0, 36), l.substring(36).trim());
            }
        }
        GptTypes.all().forEach((guid, name) -> assertEquals(gpt.get(guid), name, guid));
        Map<Integer, String> dos = new java.util.HashMap<>();
        for (String line : Fixtures.check(null, "sfdisk", "--label", "dos", "-T").split("\n")) {
            String l = line.trim();
            int sp = l.indexOf(' ');
            if (sp > 0 && l.substring(0, sp).matches("[0-9a-f]{1,2}")) {
                dos.put(Integer.parseInt(l.substring(0, sp), 16), l.substring(sp).trim());
            }
        }
        MbrTypes.all().forEach((type, name) -> assertEquals(dos.get(type), name, Integer.toHexString(type)));
    }

    private Path make(String name, long bytes, String script) throws Exception {
        Path img = tmp.resolve(name);
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
        Fixtures.check(script, "sfdisk", "-q", "--no-reread", "--no-tell-kernel", img.toString());
        return img;
    }

    private static Map<String, Object> sfdiskJson(Path img) throws Exception {
        return Json.parseObject(Fixtures.check(null, "sfdisk", "--json", img.toString()));
    }

    @Test
    void gptWithManyPartitionsNamesAndAttributesAgreesWithSfdisk() throws Exception {
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        StringBuilder s = new StringBuilder("label: gpt\nlabel-id: 0B7C1E2A-4D3F-4A5B-9C6D-7E8F9A0B1C2D\n"
                + "table-length: 200\nfirst-lba: 2048\n");
        String[] types = {"C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
            "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "E6D6D379-F507-44C2-A23C-238F2A3DF928",
            "12345678-9ABC-4DEF-8123-456789ABCDEF"};
        String[] attrs = {"", "RequiredPartition", "LegacyBIOSBootable", "NoBlockIOProtocol GUID:48,63",
            "RequiredPartition LegacyBIOSBootable GUID:50,51,60"};
        for (int i = 1; i <= 150; i++) {
            if (i % 37 == 0) {
                continue; // leave gaps in the numbering
            }
            s.append("start=").append(2048 + (i - 1) * 64L).append(", size=").append(32 + i % 32)
                    .append(", type=").append(types[i % types.length]);
            if (i % 3 != 0) {
                String name = switch (i % 4) {
                    case 0 -> "part " + i;
                    case 1 -> "données-" + i;
                    case 2 -> "ščř ∑ " + i;
                    default -> "x".repeat(36);
                };
                s.append(", name=\"").append(name).append('"');
            }
            if (!attrs[i % attrs.length].isEmpty()) {
                s.append(", attrs=\"").append(attrs[i % attrs.length]).append('"');
            }
            s.append('\n');
        }
        Path img = make("many.img", 16L << 20, s.toString());
        PartitionTable t = parse(img, 512);
        Map<String, Object> oracle = sfdiskJson(img);
        SfdiskOracle.assertAgrees(oracle, t, "many.img");
        assertEquals(200, t.header().orElseThrow().entryCount());
        assertEquals(146, t.partitions().size());
    }

    @Test
    void mbrWithGapsExtendedAndLogicalChainAgreesWithSfdisk() throws Exception {
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        String script = "label: dos\nlabel-id: 0xdeadbeef\n"
                + "1 : start=2048, size=4096, type=83, bootable\n"
                + "3 : start=8192, size=40960, type=f\n"
                + "5 : start=10240, size=2048, type=82\n"
                + "6 : start=14336, size=2048, type=c\n"
                + "7 : start=18432, size=4096, type=8e\n"
                + "8 : start=24576, size=2048, type=7\n"
                + "9 : start=28672, size=20480, type=83\n"
                + "4 : start=49152, size=2048, type=ef\n";
        Path img = make("ext.img", 32L << 20, script);
        PartitionTable t = parse(img, 512);
        SfdiskOracle.assertAgrees(sfdiskJson(img), t, "ext.img");
        assertEquals(PartitionKind.EXTENDED, t.partition(3).orElseThrow().kind());
        assertEquals(PartitionKind.LOGICAL, t.partition(9).orElseThrow().kind());
        assertEquals("deadbeef-09", t.partition(9).orElseThrow().uuid());
    }

    @Test
    void linuxExtendedType85AgreesWithSfdisk() throws Exception {
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        Path img = make("ext85.img", 8L << 20, "label: dos\nlabel-id: 0x01020304\nstart=2048, size=12000, type=85\n"
                + "start=4096, size=2048, type=83\nstart=8192, size=2048, type=83\n");
        SfdiskOracle.assertAgrees(sfdiskJson(img), parse(img, 512), "ext85.img");
    }

    @Test
    void corruptPrimaryGptFallsBackToBackupLikeSfdisk() throws Exception {
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        Path img = tmp.resolve("bad-primary.img");
        byte[] b = Files.readAllBytes(Fixtures.image("gpt-3part.img"));
        b[512 + 16] ^= 0x55; // header CRC32 field
        Files.write(img, b);
        PartitionTable t = parse(img, 512);
        assertTrue(t.usedBackup());
        assertEquals(2047, t.header().orElseThrow().lba());
        assertTrue(t.warnings().get(0).contains("at byte 528"), t.warnings().toString());
        SfdiskOracle.assertAgrees(sfdiskJson(img), t, "bad-primary.img");
        SfdiskOracle.assertAgrees(Fixtures.json(Fixtures.image("oracle/gpt-3part.sfdisk.json")), t, "gpt-3part oracle");
    }

    @Test
    void blankDeviceHasNoTableLikeSfdisk() throws Exception {
        assertTrue(PartitionTables.read(SectorSource.of(new byte[1 << 20], 512)).isEmpty());
        assumeTrue(Fixtures.available("sfdisk"), "sfdisk (Debian package fdisk) is not installed");
        Path img = tmp.resolve("blank.img");
        Files.write(img, new byte[1 << 20]);
        Fixtures.Result r = Fixtures.run(null, "sfdisk", "--json", img.toString());
        assertTrue(r.rc() != 0 && r.err().contains("does not contain a recognized partition table"), r.err());
        String nvme0n2 = Files.readString(Fixtures.host("qemu-nvme").resolve("oracle/sfdisk-nvme0n2.json"),
                StandardCharsets.UTF_8);
        assertTrue(nvme0n2.contains("does not contain a recognized partition table"));
    }

    @Test
    void sectorSizeGuess() throws Exception {
        assertEquals(512, PartitionTables.guessSectorSize(Files.readAllBytes(Fixtures.image("gpt-3part.img"))));
        assertEquals(512, PartitionTables.guessSectorSize(Files.readAllBytes(Fixtures.image("mbr-ext-2log.img"))));
        byte[] shifted = new byte[8192];
        System.arraycopy(Files.readAllBytes(Fixtures.image("gpt-3part.img")), 512, shifted, 4096, 512);
        assertEquals(4096, PartitionTables.guessSectorSize(shifted));
        assertEquals(512, PartitionTables.guessSectorSize(new byte[10]));
    }
}
