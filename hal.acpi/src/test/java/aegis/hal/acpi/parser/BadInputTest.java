package aegis.hal.acpi.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile tables: each gives a clear problem naming the table and byte offset. */
class BadInputTest {
    static byte[] fixture(String host, String table) throws IOException {
        return Files.readAllBytes(Oracles.fixtures().resolve(host).resolve("sys/firmware/acpi/tables").resolve(table));
    }

    @Test
    void truncatedTableIsListedWithItsProblem() throws IOException {
        byte[] dsdt = Arrays.copyOf(fixture("qemu-q35", "DSDT"), 100);
        AcpiTable t = TableDecoder.decode("DSDT", dsdt);
        assertFalse(t.valid());
        assertTrue(t.problems().stream().anyMatch(p -> p.startsWith("DSDT at offset 0x4: length field says 8486 bytes but the file has 100")),
                t.problems()::toString);
        AcpiFormatException e = assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", dsdt));
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertEquals("DSDT", e.table());
        assertTrue(e.getMessage().contains("table length 8486 is outside 36..100"), e.getMessage());
        AcpiNamespace ns = AmlParser.load(List.of(t));
        assertEquals(1, ns.problems().size(), ns.problems()::toString);
    }

    @Test
    void shortHeaderAndTinyFiles() {
        AcpiTable t = TableDecoder.decode("APIC", new byte[] {'A', 'P', 'I', 'C', 20, 0, 0, 0, 1, 0, 'X'});
        assertFalse(t.valid());
        assertTrue(t.problems().toString().contains("APIC at offset"), t.problems()::toString);
        AcpiTable tiny = TableDecoder.decode("SSDT3", new byte[] {1, 2});
        assertTrue(tiny.problems().get(0).startsWith("SSDT3 at offset 0x0: truncated: 2 bytes"), tiny.problems()::toString);
        assertEquals(1, TableDecoder.decode("XXXX", new byte[0]).problems().size());
    }

    @Test
    void lengthPastTheEndOfTheFile() throws IOException {
        byte[] apic = fixture("qemu-q35", "APIC");
        apic[4] = (byte) 0xF0;
        Aml.fixChecksum(apic);
        AcpiTable t = TableDecoder.decode("APIC", apic);
        assertTrue(t.problems().contains("APIC at offset 0x4: length field says 240 bytes but the file has 128"),
                t.problems()::toString);
        assertTrue(t.checksumOk());
    }

    @Test
    void wrongChecksumIsReportedAndTheTableStillDecoded() throws IOException {
        byte[] facp = fixture("firecracker", "FACP");
        facp[0x2E] ^= 0x01; // SCI interrupt
        AcpiTable t = TableDecoder.decode("FACP", facp);
        assertFalse(t.checksumOk());
        assertTrue(t.problems().get(0).startsWith("FACP at offset 0x9: wrong checksum: bytes 0..275 sum to 0x01"),
                t.problems()::toString);
        assertTrue(t.body().isPresent());
    }

    @Test
    void madtSubtableLengthPastTheEnd() throws IOException {
        byte[] apic = fixture("qemu-q35", "APIC");
        apic[0x7B] = 0x30; // the last subtable (at 0x7A) claims 48 bytes
        Aml.fixChecksum(apic);
        AcpiTable t = TableDecoder.decode("APIC", apic);
        assertEquals(List.of("APIC at offset 0x7b: subtable of type 4 has length 48, past the end of the table"), t.problems());
        apic[0x7B] = 0;
        Aml.fixChecksum(apic);
        assertTrue(TableDecoder.decode("APIC", apic).problems().get(0).contains("less than its own header"));
    }

    @Test
    void packageLengthPastTheEnclosingScope() {
        // Scope (\) { Device (DEV0) with a length past the scope }
        int[] dev = Aml.concat(new int[] {0x5B, 0x82, 0x3F}, Aml.name("DEV0"));
        int[] scope = Aml.concat(new int[] {0x10}, Aml.pkgLength(2 + dev.length), new int[] {'\\', 0x00}, dev);
        byte[] t = Aml.table("SSDT", scope);
        AcpiFormatException e = assertThrows(AcpiFormatException.class, () -> AmlParser.parse("SSDT1", t));
        assertEquals("SSDT1 at offset 0x2a (42): package length 63 ends at 0x69, past the end of the enclosing scope at 0x2f",
                e.getMessage());
        AcpiNamespace ns = AmlParser.load(List.of(TableDecoder.decode("SSDT1", t)));
        assertTrue(ns.problems().get(0).startsWith(e.getMessage()), ns.problems()::toString);
    }

    @Test
    void unknownOpcodes() {
        byte[] t = Aml.table("DSDT", 0x5B, 0xFE);
        AcpiFormatException e = assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", t));
        assertEquals("DSDT at offset 0x24 (36): unknown or misplaced extended opcode 0x5B 0xfe", e.getMessage());
        byte[] t2 = Aml.table("DSDT", 0x08, 'A', 'B', 'C', 'D', 0x02);
        assertTrue(assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", t2)).getMessage()
                .contains("offset 0x29 (41): unknown or misplaced opcode 0x2"));
    }

    @Test
    void objectsBeforeABadOneAreKept() {
        // Name (AAAA, 1) Device (BBBB) { Name (CCCC, 2) 0xFE } Name (DDDD, 3)
        int[] inner = Aml.concat(Aml.name("BBBB"), new int[] {0x08}, Aml.name("CCCC"), new int[] {0x0A, 2, 0x02});
        int[] dev = Aml.concat(new int[] {0x5B, 0x82}, Aml.pkgLength(inner.length), inner);
        byte[] t = Aml.table("DSDT", Aml.concat(new int[] {0x08}, Aml.name("AAAA"), new int[] {0x01}, dev,
                new int[] {0x08}, Aml.name("DDDD"), new int[] {0x0A, 3}));
        AcpiNamespace ns = AmlParser.load(List.of(TableDecoder.decode("DSDT", t)));
        assertTrue(ns.find("\\AAAA").isPresent());
        assertTrue(ns.find("\\BBBB.CCCC").isPresent());
        assertTrue(ns.find("\\DDDD").isPresent(), "the parser resynchronises after the bad device");
        assertEquals(1, ns.problems().size());
        assertTrue(ns.problems().get(0).contains("unknown or misplaced opcode 0x2; skipped the rest of \\BBBB"), ns.problems()::toString);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        int depth = 5000;
        // Name (DEEP, Package { Package { ... } }) nested 5000 deep
        int[] pkg = {};
        for (int i = 0; i < depth; i++) {
            pkg = Aml.concat(new int[] {0x12}, Aml.pkgLength(pkg.length + 1), new int[] {1}, pkg);
        }
        byte[] t = Aml.table("DSDT", Aml.concat(new int[] {0x08}, Aml.name("DEEP"), pkg));
        AcpiFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", t)));
        assertTrue(e.getMessage().contains("nested deeper than " + AmlParser.MAX_DEPTH), e.getMessage());
        // devices nested deeper than the limit
        int[] dev = {};
        for (int i = 0; i < depth; i++) {
            int[] inner = Aml.concat(Aml.name("D" + String.format("%03d", i % 1000)), dev);
            dev = Aml.concat(new int[] {0x5B, 0x82}, Aml.pkgLength(inner.length), inner);
        }
        byte[] t2 = Aml.table("DSDT", dev);
        AcpiNamespace ns = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> AmlParser.load(List.of(TableDecoder.decode("DSDT", t2))));
        assertTrue(ns.problems().get(0).contains("scopes nested deeper than " + AmlParser.MAX_DEPTH), ns.problems()::toString);
    }

    @Test
    void zeroAndSelfReferentialLengthsDoNotLoop() {
        byte[] t = Aml.table("DSDT", 0x10, 0x00, '\\');
        assertTrue(assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", t)).getMessage()
                .contains("package length 0 is shorter than its own encoding"));
        // a huge buffer size must not allocate it
        byte[] big = Aml.table("DSDT", Aml.concat(new int[] {0x08}, Aml.name("BIGB"), new int[] {0x11, 0x06, 0x0C, 0xFF, 0xFF, 0xFF, 0x7F}));
        AcpiNamespace ns = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                return AmlParser.parse("DSDT", big);
            } catch (AcpiFormatException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("Buffer(2147483647) {}", ns.find("\\BIGB").orElseThrow().value().orElseThrow().text());
    }

    @Test
    void duplicateNamesAndMissingScopesAreProblemsNotFailures() throws AcpiFormatException {
        int[] name = Aml.concat(new int[] {0x08}, Aml.name("DUPL"), new int[] {0x01});
        int[] scope = Aml.concat(new int[] {0x10}, Aml.pkgLength(5), Aml.name("NONE"), new int[] {0xA3});
        byte[] t = Aml.table("DSDT", Aml.concat(name, name, scope));
        AcpiNamespace ns = AmlParser.parse("DSDT", t);
        assertEquals(2, ns.problems().size(), ns.problems()::toString);
        assertTrue(ns.problems().get(0).contains("\\DUPL already exists"));
        assertTrue(ns.problems().get(1).contains("Scope(NONE): no such object"));
    }

    @Test
    void moduleLevelCodeThatCannotBeEvaluatedIsSkippedAndSaid() throws AcpiFormatException {
        // If (Arg0) { Name (SKIP, 1) } Else { Name (ELSE, 2) } While (One) { Name (LOOP, 3) } Name (AFTR, 4)
        int[] ifBody = Aml.concat(new int[] {0x68, 0x08}, Aml.name("SKIP"), new int[] {0x01});
        int[] elseBody = Aml.concat(new int[] {0x08}, Aml.name("ELSE"), new int[] {0x0A, 2});
        int[] whileBody = Aml.concat(new int[] {0x01, 0x08}, Aml.name("LOOP"), new int[] {0x0A, 3});
        byte[] t = Aml.table("DSDT", Aml.concat(new int[] {0xA0}, Aml.pkgLength(ifBody.length), ifBody,
                new int[] {0xA1}, Aml.pkgLength(elseBody.length), elseBody,
                new int[] {0xA2}, Aml.pkgLength(whileBody.length), whileBody,
                new int[] {0x08}, Aml.name("AFTR"), new int[] {0x0A, 4}));
        AcpiNamespace ns = AmlParser.parse("DSDT", t);
        assertTrue(ns.find("\\SKIP").isEmpty() && ns.find("\\ELSE").isEmpty() && ns.find("\\LOOP").isEmpty());
        assertTrue(ns.find("\\AFTR").isPresent());
        assertEquals(List.of("DSDT at offset 0x24 (36): module-level If not executed (its predicate is not a constant the parser "
                + "can evaluate); objects declared in it and in its Else are skipped",
                "DSDT at offset 0x36 (54): module-level While not executed; objects declared in it are skipped"), ns.problems());
    }

    @Test
    void tooManyObjectsAreRefused() {
        int n = AmlParser.MAX_NODES + 10;
        int[] list = new int[n * 5];
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < n; i++) {
            int x = i;
            list[i * 5] = 'A' + x % 26;
            x /= 26;
            for (int k = 1; k < 4; k++) {
                list[i * 5 + k] = chars.charAt(x % 36);
                x /= 36;
            }
            list[i * 5 + 4] = 1; // 1 bit
        }
        int[] head = Aml.concat(Aml.name("REGN"), new int[] {0x01});
        int[] field = Aml.concat(new int[] {0x5B, 0x81}, Aml.pkgLength(head.length + list.length), head, list);
        byte[] t = Aml.table("DSDT", field);
        AcpiFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(AcpiFormatException.class, () -> AmlParser.parse("DSDT", t)));
        assertTrue(e.getMessage().contains("more than " + AmlParser.MAX_NODES + " namespace objects"), e.getMessage());
    }
}
