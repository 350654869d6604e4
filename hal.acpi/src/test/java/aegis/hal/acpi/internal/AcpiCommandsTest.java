package aegis.hal.acpi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.api.host.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcpiCommandsTest {
    static final Path HOST = Fakes.fixtures().resolve("qemu-q35");
    final AcpiSnapshot snapshot = TableReader.read(HostRoot.of(HOST), TableReaderTest.DIR);
    final AcpiCommands commands = new AcpiCommands(() -> snapshot);

    static List<String> dsl(String sig) throws IOException {
        return Files.readAllLines(HOST.resolve("oracle/iasl-d-" + sig + ".dsl"));
    }

    @Test
    void tableShowsTheFieldsAsIaslDoes() throws IOException {
        for (AcpiTable t : snapshot.tables()) {
            if (t.signature().equals("DSDT")) {
                continue;
            }
            List<String> theirs = dsl(t.signature());
            String out = commands.table(t.signature());
            List<String> missing = new ArrayList<>();
            for (String line : out.lines().toList()) {
                boolean field = line.startsWith("[") || line.matches("^ {6,}\\S.* : \\d$");
                // iasl adds the table's long name after the signature
                if (field && !line.contains("Signature :") && !theirs.contains(line)) {
                    missing.add(line);
                }
            }
            assertTrue(missing.isEmpty(), t.signature() + ": lines iasl -d does not print: " + missing);
        }
    }

    @Test
    void dumpIsIaslsRawTableData() throws IOException {
        for (String sig : List.of("APIC", "FACP", "HPET", "MCFG")) {
            List<String> theirs = dsl(sig);
            List<String> raw = theirs.subList(theirs.indexOf(theirs.stream().filter(l -> l.startsWith("Raw Table Data")).findFirst().orElseThrow()),
                    theirs.size());
            List<String> ours = commands.dump(sig).lines().toList();
            assertEquals(raw.stream().map(String::stripTrailing).toList(), ours.stream().map(String::stripTrailing).toList());
        }
    }

    @Test
    void tablesListsEveryTable() {
        String out = commands.tables(false);
        for (AcpiTable t : snapshot.tables()) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(t.name() + " ") && l.endsWith(" ok")), out);
        }
        String json = commands.tables(true);
        assertTrue(json.contains("\"signature\": \"FACP\""), json);
        assertTrue(json.contains("\"checksumOk\": true"), json);
    }

    @Test
    void namespaceAndDevices() {
        String ns = commands.ns(false, "\\_SB.PCI0");
        assertTrue(ns.startsWith("PCI0 Device"), ns);
        assertTrue(ns.contains("  _HID Integer      0x80AD041 (PNP0A08)"), ns);
        assertTrue(commands.ns(false).contains(snapshot.namespace().nodeCount() + " objects"));
        // acpiexec-namespace.txt: "_HID Integer ... = 00000000080AD041"
        assertTrue(commands.ns(true, "\\_SB_.PCI0._HID").contains("\"value\": " + Long.parseLong("080AD041", 16)));
        String devices = commands.devices(false);
        assertEquals(snapshot.devices().size(), devices.lines().count());
        assertTrue(devices.contains("acpi:\\_SB_.PCI0") && devices.contains("hid=PNP0A08 cid=PNP0A03"), devices);
        assertTrue(commands.devices(true).contains("\"id\": \"acpi:\\\\_SB_.PCI0\""));
    }

    @Test
    void unknownNamesAreNamed() {
        assertEquals("no ACPI table 'XSDT' (tables: DSDT, APIC, BGRT, FACP, FACS, HPET, MCFG, WAET)\n", commands.table("XSDT"));
        assertTrue(commands.dump("NOPE").startsWith("no ACPI table 'NOPE'"));
        assertEquals("no object '\\_SB.NOPE' in the ACPI namespace (looked for \\_SB_.NOPE)\n", commands.ns(false, "\\_SB.NOPE"));
        assertEquals("no object 'a.b.c!' in the ACPI namespace (not a valid path)\n", commands.ns(false, "a.b.c!"));
    }

    @Test
    void beforeTheFirstScan() {
        AcpiCommands early = new AcpiCommands(() -> AcpiSnapshot.empty("/sys/firmware/acpi/tables"));
        assertEquals("ACPI tables from /sys/firmware/acpi/tables are still being read\n", early.tables(false));
        assertEquals("ACPI tables from /sys/firmware/acpi/tables are still being read\n", early.devices(false));
    }
}
