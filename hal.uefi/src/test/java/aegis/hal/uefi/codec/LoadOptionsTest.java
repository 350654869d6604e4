package aegis.hal.uefi.codec;

import static aegis.hal.uefi.testing.Fixtures.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.uefi.model.DevicePathNode;
import aegis.hal.uefi.model.LoadOption;
import aegis.hal.uefi.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    /** Boot0000 and Boot0001 of qemu-q35 render exactly as the captured efibootmgr -v lines. */
    @Test
    void fixtureEntriesMatchTheEfibootmgrOracleLineByLine() throws Exception {
        List<String> oracle = Fixtures.oracle("efibootmgr-v.txt");
        assertEquals(oracle.get(2), LoadOptions.efibootmgrLine("Boot0000", LoadOptions.decode(Fixtures.variableData("Boot0000"))));
        assertEquals(oracle.get(3), LoadOptions.efibootmgrLine("Boot0001", LoadOptions.decode(Fixtures.variableData("Boot0001"))));
    }

    @Test
    void boot0001FieldsAgreeWithTheCreateCommandOfTheCapture() throws Exception {
        // fixtures/README.md: efibootmgr -c -d /dev/vda -p 1 -L "Linux Boot Manager" -l '\EFI\systemd\systemd-bootx64.efi'
        LoadOption o = LoadOptions.decode(Fixtures.variableData("Boot0001"));
        assertTrue(o.active());
        assertFalse(o.hidden());
        assertFalse(o.forceReconnect());
        assertEquals("boot", o.categoryName());
        assertEquals(Fixtures.oracle("efibootmgr-create.txt").get(3), "Boot0001* " + o.description());
        List<DevicePathNode> p = o.devicePath();
        assertEquals(3, p.size());
        assertEquals("MEDIA", p.get(0).typeName());
        assertEquals(1, p.get(0).subType());
        assertEquals("File(\\EFI\\systemd\\systemd-bootx64.efi)", p.get(1).text());
        assertTrue(p.get(2).isEnd());
        assertEquals("", o.optionalData());
    }

    @Test
    void encodeOfDecodedFixtureEntriesGivesTheSameBytes() throws Exception {
        for (String name : List.of("Boot0000", "Boot0001", "PlatformRecovery0000")) {
            byte[] data = Fixtures.variableData(name);
            LoadOption o = LoadOptions.decode(data);
            int pathStart = 6 + 2 * (o.description().length() + 1);
            int pathLen = (data[4] & 0xff) | (data[5] & 0xff) << 8;
            byte[] path = Arrays.copyOfRange(data, pathStart, pathStart + pathLen);
            byte[] opt = Arrays.copyOfRange(data, pathStart + pathLen, data.length);
            assertArrayEquals(data, LoadOptions.encode(o.attributes(), o.description(), path, opt), name);
        }
    }

    @Test
    void truncatedHeaderIsABadFormatNamingTheOffset() {
        EfiFormatException e = assertThrows(EfiFormatException.class, () -> LoadOptions.decode(new byte[] {1, 0, 0}));
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("EFI_LOAD_OPTION header"), e.getMessage());
    }

    @Test
    void attributeHeaderOnlyIsABadFormat() {
        assertThrows(EfiFormatException.class, () -> LoadOptions.decode(b().u32(1).bytes()));
    }

    @Test
    void oddLengthDescriptionWithoutTerminatorIsABadFormat() {
        byte[] d = b().u32(1).u16(4).u16('a', 'b').u8('c').bytes();
        EfiFormatException e = assertThrows(EfiFormatException.class, () -> LoadOptions.decode(d));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("odd length"), e.getMessage());
    }

    @Test
    void pathLengthRunningPastTheDataIsABadFormat() {
        byte[] d = b().u32(1).u16(200).ucs2z("d").raw(Fixtures.end()).bytes();
        EfiFormatException e = assertThrows(EfiFormatException.class, () -> LoadOptions.decode(d));
        assertEquals(4, e.offset());
    }

    @Test
    void nodeShorterThanItsHeaderIsABadFormatAtTheNode() {
        byte[] d = b().u32(1).u16(8).ucs2z("d").u8(4, 4, 2, 0).raw(Fixtures.end()).bytes();
        EfiFormatException e = assertThrows(EfiFormatException.class, () -> LoadOptions.decode(d));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("shorter than its header"), e.getMessage());
    }

    @Test
    void optionalDataIsShownAsEfibootmgrShowsIt() throws Exception {
        byte[] d = Fixtures.loadOption(1, "x", Fixtures.end(), new byte[] {'a', 'b', 0, 'c', (byte) 0xff});
        LoadOption o = LoadOptions.decode(d);
        assertEquals("61620063ff", o.optionalData());
        assertEquals("ab.c.", o.optionalDataText());
    }

    @Test
    void encodeRefusesADescriptionWithNulAndAPathWithoutEnd() {
        assertThrows(EfiFormatException.class, () -> LoadOptions.encode(1, "a\0b", Fixtures.end(), new byte[0]));
        assertThrows(EfiFormatException.class,
                () -> LoadOptions.encode(1, "a", Fixtures.node(4, 4, b().ucs2z("x").bytes()), new byte[0]));
    }
}
