package aegis.hal.uefi.internal;

import static aegis.hal.uefi.testing.Fixtures.b;
import static aegis.hal.uefi.testing.Fixtures.cat;
import static aegis.hal.uefi.testing.Fixtures.end;
import static aegis.hal.uefi.testing.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.testing.Fixtures;
import aegis.hal.uefi.testing.Fixtures.ToolResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot manager text agrees with the real {@code efibootmgr -v} (Debian efibootmgr 17), run with
 * {@code EFIVARFS_PATH} on copies of the fixture store and on stores written here. Skipped only when
 * efibootmgr is not installed.
 */
class EfibootmgrAgreementTest {
    private static final String PCI_ROOT_HID = "d0410a03";

    static EfiStore store(Path efivars) {
        return new EfiStore(efivars, () -> {
            throw new UnsupportedOperationException("read only");
        });
    }

    static ToolResult efibootmgr(Path efivars) throws Exception {
        Optional<ToolResult> r = Fixtures.runTool(efivars, "efibootmgr", "-v");
        assumeTrue(r.isPresent(), "efibootmgr is not installed");
        return r.get();
    }

    @Test
    void fixtureStoreAgreesWithTheOracleFileAndWithEfibootmgr(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        String ours = Texts.efibootmgr(new UefiReader(store(efivars)).bootManager());
        assertEquals(String.join("\n", Fixtures.oracle("efibootmgr-v.txt")) + "\n", ours);
        ToolResult live = efibootmgr(efivars);
        assertEquals(0, live.rc(), live.err());
        assertEquals(live.out(), ours);
    }

    @Test
    void preCreationStoreAgreesWithEfibootmgr(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Fixtures.toPreCreation(root);
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        String ours = Texts.efibootmgr(new UefiReader(store(efivars)).bootManager());
        // the oracle's lines without Boot0001, BootOrder without its first entry
        List<String> oracle = Fixtures.oracle("efibootmgr-v.txt");
        assertEquals(oracle.get(0) + "\nBootOrder: " + oracle.get(1).substring("BootOrder: 0001,".length()) + "\n"
                + oracle.get(2) + "\n", ours);
        assertEquals(efibootmgr(efivars).out(), ours);
    }

    /** Hand-built entries covering every node type decoded here, as efibootmgr renders them. */
    static Map<String, byte[]> syntheticPaths() {
        byte[] pciRoot = node(2, 1, b().u32(0x0a0341d0L).u32(0).bytes());
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("sata gpt", cat(pciRoot, node(1, 1, b().u8(2, 0x1f).bytes()), node(3, 18, b().u16(0, 0xffff, 0).bytes()),
                node(4, 1, b().u32(1).u64(0x800).u64(0x8000).guid("0f3a5c71-2b9d-4c6e-8a14-7e5d3c2b1a09").u8(2, 2).bytes()),
                node(4, 4, b().ucs2z("\\EFI\\BOOT\\BOOTX64.EFI").bytes()), end()));
        m.put("nvme mbr", cat(pciRoot, node(1, 1, b().u8(0, 2).bytes()),
                node(3, 23, b().u32(1).u8(0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77).bytes()),
                node(4, 1, b().u32(2).u64(63).u64(2048).u32(0x5a7a0001L).raw(new byte[12]).u8(1, 1).bytes()), end()));
        m.put("usb scsi", cat(pciRoot, node(1, 1, b().u8(0, 1).bytes()), node(3, 5, b().u8(2, 0).bytes()),
                node(3, 2, b().u16(1, 0).bytes()), end()));
        m.put("mac ipv4", cat(pciRoot, node(1, 1, b().u8(0, 3).bytes()),
                node(3, 11, b().u8(0x52, 0x54, 0, 0x12, 0x34, 0x56).raw(new byte[26]).u8(1).bytes()),
                node(3, 12, b().u8(192, 168, 1, 10, 192, 168, 1, 1).u16(68, 67, 17).u8(0).u8(192, 168, 1, 254)
                        .u8(255, 255, 255, 0).bytes()), end()));
        m.put("ipv6 uri", cat(pciRoot, node(3, 13, b().raw(new byte[16])
                .u8(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1).u16(0, 0, 6).u8(1, 64).raw(new byte[16]).bytes()),
                node(3, 24, b().ascii("http://example.com/boot.efi").bytes()), end()));
        m.put("ipv6 long", cat(node(3, 13, b().u8(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
                .u8(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8).u16(1234, 443, 6).u8(2, 0).raw(new byte[16]).bytes()), end()));
        m.put("cdrom vendor", cat(node(1, 4, b().guid("2d6447ef-3bc9-41a0-ac19-4d51d01b4ce6").u8(1, 2).bytes()),
                node(3, 10, b().guid("e0c14753-f9be-11d2-9a0c-0090273fc14d").bytes()),
                node(3, 10, b().guid("dfa66065-b419-11d3-9a2d-0090273fc14d").u8(0x11).bytes()),
                node(3, 10, b().guid("12345678-1234-1234-1234-123456789abc").bytes()),
                node(4, 3, b().guid("e0c14753-f9be-11d2-9a0c-0090273fc14d").u8(0xaa).bytes()),
                node(4, 2, b().u32(0).u64(0x100).u64(0x200).bytes()), end()));
        m.put("bbs", cat(node(5, 1, b().u16(2, 0).ascii("Hard Disk\0").bytes()),
                node(5, 1, b().u16(9, 0x10).ascii("x\0").bytes()), end()));
        m.put("acpi", cat(node(2, 1, b().u32(0x0a0841d0L).u32(3).bytes()), node(2, 1, b().u32(0x030141d0L).u32(2).bytes()),
                node(2, 1, b().u32(0x12345678L).u32(9).bytes()), node(2, 1, b().u32(0x050141d0L).u32(1).bytes()),
                node(2, 1, b().u32(0x060441d0L).u32(0).bytes()), node(2, 1, b().u32(0x0a0541d0L).u32(0).bytes()),
                node(2, 3, b().u32(0x80010100L).u32(0x80010101L).bytes()),
                node(2, 2, b().u32(0).u32(0).u32(0).ascii("PNP0A03\0abc\0\0").bytes()),
                node(2, 2, b().u32(0x0a0341d0L).u32(7).u32(0).u8(0, 0, 0).bytes()), end()));
        m.put("hardware", cat(node(1, 2, b().u8(7).bytes()), node(1, 3, b().u32(11).u64(0x1000).u64(0x1fff).bytes()),
                node(1, 5, b().u32(3).bytes()), node(1, 6, b().u8(1).u64(0xca2).bytes()), end()));
        m.put("messaging", cat(node(3, 1, b().u8(0, 1).u16(3).bytes()), node(3, 3, b().u32(0).u64(0x1122334455667788L).u64(5).bytes()),
                node(3, 4, b().u32(0).u64(0xabc).bytes()), node(3, 6, b().u32(4).bytes()), node(3, 17, b().u8(9).bytes()),
                node(3, 20, b().u16(100).bytes()), node(3, 15, b().u16(0x46f4, 1).u8(8, 6, 80).bytes()),
                node(3, 16, b().u16(1, 0x1234, 0x5678).ucs2z("SN1").bytes()),
                node(3, 14, b().u32(0).u64(9600).u8(8, 1, 1).bytes()), node(3, 14, b().u32(0).u64(0).u8(0, 9, 4).bytes()),
                node(3, 25, b().u8(3, 0x25).bytes()), node(3, 26, b().u8(4).bytes()), node(3, 29, b().u8(5).bytes()),
                node(3, 27, b().u8(1, 2, 3, 4, 5, 6).bytes()), node(3, 30, b().u8(1, 2, 3, 4, 5, 6, 1).bytes()),
                node(3, 32, b().guid("12345678-1234-1234-1234-123456789abc").bytes()), end()));
        m.put("more messaging", cat(node(3, 28, b().ascii("myssid").raw(new byte[26]).bytes()),
                node(3, 31, b().u8(0).u8(8, 8, 8, 8).raw(new byte[12]).u8(1, 1, 1, 1).raw(new byte[12]).bytes()),
                node(3, 9, b().u32(0).raw(new byte[16]).u64(1).u64(2).u64(3).bytes()),
                node(3, 15, b().u16(1, 2).u8(0xfe, 1, 5).bytes()), node(3, 15, b().u16(1, 2).u8(0xff, 1, 5).bytes()),
                node(3, 10, b().guid("37499a9d-542f-4c89-a026-35da142094e4").u32(1).bytes()),
                node(3, 10, b().guid("d487ddb4-008b-11d9-afdc-001083ffca4d").u32(0).u64(0x5000c500L).u64(0).u8(0, 0).u16(0).bytes()),
                end()));
        m.put("media", cat(node(4, 5, b().guid("12345678-1234-1234-1234-123456789abc").bytes()),
                node(4, 8, b().u32(0).u64(1).u64(2).bytes()),
                node(4, 9, b().u64(0x1000).u64(0x2000).guid("77ab535a-45fc-624b-5560-f7b281d1f96e").u16(0).bytes()),
                node(4, 9, b().u64(0x1000).u64(0x2000).guid("12345678-1234-1234-1234-123456789abc").u16(1).bytes()),
                node(4, 1, b().u32(3).u64(34).u64(100).u8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15).u8(2, 7).bytes()),
                node(4, 4, b().u8('a', 0, 'b').bytes()), node(4, 4, b().u16('a', 'b').bytes()), end()));
        m.put("raw forms", cat(node(1, 0x50, b().u8(0xff).bytes()), node(2, 0x50, b().u8(1, 2, 3, 4).bytes()),
                node(3, 0x60, b().u8(9).bytes()), node(4, 0x60, b().u8(0x0a, 0x0b).bytes()), node(5, 2, b().u8(0x0c).bytes()), end()));
        m.put("end instance", cat(node(4, 4, b().ucs2z("x").bytes()), node(0x7f, 1, new byte[0]),
                node(4, 4, b().ucs2z("y").bytes()), end()));
        m.put("only end", end());
        return m;
    }

    @Test
    void everyDecodedNodeTypeAgreesWithEfibootmgr(@TempDir Path tmp) throws Exception {
        Path efivars = tmp.resolve("efivars");
        int n = 0;
        for (Map.Entry<String, byte[]> e : syntheticPaths().entrySet()) {
            byte[] opt = n % 3 == 0 ? b().ascii("ab").u8(0).ascii("c").bytes() : new byte[0];
            Fixtures.writeVariable(efivars, String.format("Boot%04X", n), Fixtures.GLOBAL, 7,
                    Fixtures.loadOption(n % 2 == 0 ? 1 : 0x109, e.getKey(), e.getValue(), opt));
            n++;
        }
        Fixtures.writeVariable(efivars, "BootOrder", Fixtures.GLOBAL, 7, b().u16(3, 1, 0).bytes());
        Fixtures.writeVariable(efivars, "BootNext", Fixtures.GLOBAL, 7, b().u16(3).bytes());
        Fixtures.writeVariable(efivars, "BootCurrent", Fixtures.GLOBAL, 6, b().u16(1).bytes());
        Fixtures.writeVariable(efivars, "Timeout", Fixtures.GLOBAL, 7, b().u16(5).bytes());
        ToolResult live = efibootmgr(efivars);
        assertEquals(0, live.rc(), live.err());
        List<String> ours = List.of(Texts.efibootmgr(new UefiReader(store(efivars)).bootManager()).split("\n"));
        List<String> theirs = live.lines();
        assertEquals(theirs.size(), ours.size(), live.out());
        for (int i = 0; i < theirs.size(); i++) {
            assertEquals(theirs.get(i), ours.get(i), "line " + (i + 1));
        }
    }

    @Test
    void unknownNodeTypeIsShownRawWhereEfibootmgrGivesUp(@TempDir Path tmp) throws Exception {
        Path efivars = tmp.resolve("efivars");
        Fixtures.writeVariable(efivars, "Boot0000", Fixtures.GLOBAL, 7,
                Fixtures.loadOption(1, "odd", cat(node(0x33, 0x44, b().u8(1, 2, 3).bytes()), end()), new byte[0]));
        ToolResult live = efibootmgr(efivars);
        assertNotEquals(0, live.rc());
        assertTrue(live.err().contains("Could not parse device path"), live.err());
        String ours = Texts.efibootmgr(new UefiReader(store(efivars)).bootManager());
        assertTrue(ours.contains("Boot0000* odd\tPath(51,68,010203)\n"), ours);
    }

    @Test
    void globalGuidConstantMatchesTheFixtureFileNames() {
        assertEquals(Fixtures.GLOBAL, Guids.GLOBAL.toString());
    }
}
