package aegis.hal.uefi.codec;

import static aegis.hal.uefi.testing.Fixtures.b;
import static aegis.hal.uefi.testing.Fixtures.cat;
import static aegis.hal.uefi.testing.Fixtures.end;
import static aegis.hal.uefi.testing.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import aegis.hal.uefi.model.DevicePathNode;
import aegis.hal.uefi.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicePathsTest {
    @Test
    void fixtureDevicePathVariablesDecodeWithoutError() throws Exception {
        // ConIn/ConOut/ErrOut and their *Dev are multi-instance device paths written by OVMF
        for (String name : List.of("ConIn", "ConOut", "ErrOut", "ConInDev", "ConOutDev", "ErrOutDev")) {
            byte[] d = Fixtures.variableData(name);
            List<DevicePathNode> nodes = DevicePaths.decode(d);
            int total = nodes.stream().mapToInt(n -> 4 + n.dataHex().length() / 2).sum();
            assertEquals(d.length, total, name);
            assertEquals(DevicePaths.END_ENTIRE, nodes.get(nodes.size() - 1).subType(), name);
        }
    }

    @Test
    void textStopsAtTheFirstEndNodeAsLibefivar37Does() throws Exception {
        byte[] p = cat(node(4, 4, b().ucs2z("x").bytes()), node(0x7f, 1, new byte[0]), node(4, 4, b().ucs2z("y").bytes()), end());
        assertEquals("File(x)", DevicePaths.format(DevicePaths.decode(p)));
    }

    @Test
    void unknownTypeIsRenderedRaw() throws Exception {
        assertEquals("Path(51,68,010203)", DevicePaths.decode(node(0x33, 0x44, new byte[] {1, 2, 3})).get(0).text());
    }

    @Test
    void knownNodeShorterThanItsStructureIsRenderedRaw() throws Exception {
        // a HD node needs 38 data bytes; 2 is too few: raw instead of reading past the node
        assertEquals("Path(4,1,0102)", DevicePaths.decode(node(4, 1, new byte[] {1, 2})).get(0).text());
    }

    @Test
    void badListsAreBadFormatWithTheOffset() {
        EfiFormatException a = assertThrows(EfiFormatException.class, () -> DevicePaths.decode(new byte[] {4, 4, 0}));
        assertEquals(0, a.offset());
        byte[] past = cat(end(), b().u8(4, 4).u16(40).bytes());
        EfiFormatException c = assertThrows(EfiFormatException.class, () -> DevicePaths.decode(past));
        assertEquals(4, c.offset());
    }

    @Test
    void textParserBuildsTheFixtureBoot0001PathByteForByte() throws Exception {
        byte[] data = Fixtures.variableData("Boot0001");
        String text = Fixtures.oracle("efibootmgr-v.txt").get(3).split("\t")[1];
        int start = 6 + 2 * ("Linux Boot Manager".length() + 1);
        byte[] path = Arrays.copyOfRange(data, start, data.length);
        assertEquals(Arrays.toString(path), Arrays.toString(DevicePathText.parse(text)));
    }

    @Test
    void textParserRoundTripsTheNodesItSupports() throws Exception {
        for (String t : List.of("PciRoot(0x0)/Pci(0x1f,0x2)/HD(2,MBR,0x5a7a0001,0x3f,0x800)/File(\\a/b.efi)",
                "FvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)")) {
            assertEquals(t, DevicePaths.format(DevicePaths.decode(DevicePathText.parse(t))));
        }
    }

    @Test
    void textParserRejectsWhatItCannotBuild() {
        assertThrows(EfiFormatException.class, () -> DevicePathText.parse("USB(1,0)"));
        assertThrows(EfiFormatException.class, () -> DevicePathText.parse("HD(1,GPT,nope,0x1,0x2)"));
        assertThrows(EfiFormatException.class, () -> DevicePathText.parse("Pci(0x20,0x0)"));
        assertThrows(EfiFormatException.class, () -> DevicePathText.parse("garbage"));
    }
}
