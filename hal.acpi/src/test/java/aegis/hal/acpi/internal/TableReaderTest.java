package aegis.hal.acpi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.api.host.HostRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    static final String DIR = "/sys/firmware/acpi/tables";

    @TempDir
    Path tmp;

    @Test
    void readsEveryFixtureTableDsdtFirst() throws IOException {
        for (String host : List.of("qemu-q35", "qemu-nvme", "firecracker")) {
            Path root = Fakes.fixtures().resolve(host);
            AcpiSnapshot s = TableReader.read(HostRoot.of(root), DIR);
            List<String> files;
            try (var l = Files.list(root.resolve("sys/firmware/acpi/tables"))) {
                files = l.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertEquals(files.size(), s.tables().size());
            assertEquals("DSDT", s.tables().get(0).name());
            assertTrue(s.problems().isEmpty(), s.problems()::toString);
            assertTrue(s.tables().stream().allMatch(AcpiTable::valid));
            assertTrue(s.namespace().problems().isEmpty());
            assertTrue(s.devices().size() > 30, host + ": " + s.devices().size());
        }
    }

    /** A minimal SSDT declaring \_SB.<name> with a string _HID. */
    static byte[] ssdt(String name, String hid) {
        byte[] hidBytes = hid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // Device (name) { Name (_HID, "hid") }
        int inner = 4 + 1 + 4 + 1 + hidBytes.length + 1;
        int devLen = inner + 1;
        // Scope (\_SB_) { device }
        int scopeInner = 5 + 2 + devLen;
        byte[] aml = new byte[2 + scopeInner];
        int i = 0;
        aml[i++] = 0x10;
        aml[i++] = (byte) (scopeInner + 1);
        for (char c : "\\_SB_".toCharArray()) {
            aml[i++] = (byte) c;
        }
        aml[i++] = 0x5B;
        aml[i++] = (byte) 0x82;
        aml[i++] = (byte) devLen;
        for (char c : name.toCharArray()) {
            aml[i++] = (byte) c;
        }
        aml[i++] = 0x08;
        for (char c : "_HID".toCharArray()) {
            aml[i++] = (byte) c;
        }
        aml[i++] = 0x0D;
        System.arraycopy(hidBytes, 0, aml, i, hidBytes.length);
        i += hidBytes.length;
        aml[i++] = 0;
        byte[] t = new byte[36 + i];
        System.arraycopy("SSDT".getBytes(), 0, t, 0, 4);
        t[4] = (byte) t.length;
        t[8] = 2;
        System.arraycopy(aml, 0, t, 36, i);
        int sum = 0;
        for (byte x : t) {
            sum += x;
        }
        t[9] = (byte) -sum;
        return t;
    }

    @Test
    void numberedAndDynamicSsdtsJoinTheNamespaceInLoadOrder() throws IOException {
        Path tables = tmp.resolve("sys/firmware/acpi/tables");
        Files.createDirectories(tables.resolve("dynamic"));
        Files.createDirectories(tables.resolve("data"));
        Files.copy(Fakes.fixtures().resolve("firecracker/sys/firmware/acpi/tables/DSDT"), tables.resolve("DSDT"));
        Files.write(tables.resolve("SSDT10"), ssdt("DTEN", "AEGS0010"));
        Files.write(tables.resolve("SSDT2"), ssdt("DTWO", "AEGS0002"));
        Files.write(tables.resolve("SSDT1"), ssdt("DONE", "AEGS0001"));
        Files.write(tables.resolve("dynamic/SSDT11"), ssdt("DYNA", "AEGS0011"));
        Files.write(tables.resolve("data/BERT"), new byte[] {1, 2, 3});
        AcpiSnapshot s = TableReader.read(HostRoot.of(tmp), DIR);
        assertEquals(List.of("DSDT", "SSDT1", "SSDT2", "SSDT10", "dynamic/SSDT11"), s.tables().stream().map(AcpiTable::name).toList());
        assertTrue(s.tables().stream().allMatch(AcpiTable::valid), () -> s.tables().toString());
        assertTrue(s.namespace().problems().isEmpty(), s.namespace().problems()::toString);
        List<String> last = s.devices().stream().map(d -> d.path() + "=" + d.hid().orElse("")).toList();
        int n = last.size();
        // the SSDT devices come after the DSDT's ones under \_SB_, in load order
        assertTrue(last.indexOf("\\_SB_.DONE=AEGS0001") < last.indexOf("\\_SB_.DTWO=AEGS0002"));
        assertTrue(last.indexOf("\\_SB_.DTWO=AEGS0002") < last.indexOf("\\_SB_.DTEN=AEGS0010"));
        assertTrue(last.indexOf("\\_SB_.DTEN=AEGS0010") < last.indexOf("\\_SB_.DYNA=AEGS0011"));
        assertTrue(n > 4);
        assertEquals("acpi:\\_SB_", s.namespace().devices().stream().filter(d -> d.path().equals("\\_SB_.DYNA")).findFirst()
                .orElseThrow().parentId().orElseThrow());
    }

    @Test
    void permissionDeniedIsReportedAndTheOtherTablesAreRead() {
        HostRoot real = HostRoot.of(Fakes.fixtures().resolve("qemu-q35"));
        HostRoot denying = new HostRoot() {
            @Override
            public Path root() {
                return real.root();
            }

            @Override
            public boolean isLive() {
                return false;
            }

            @Override
            public Path resolve(String hostPath) {
                return real.resolve(hostPath);
            }

            @Override
            public boolean exists(String hostPath) {
                return real.exists(hostPath);
            }

            @Override
            public String readString(String hostPath) throws IOException {
                return real.readString(hostPath);
            }

            @Override
            public Optional<String> readOptional(String hostPath) {
                return real.readOptional(hostPath);
            }

            @Override
            public byte[] readBytes(String hostPath, int maxBytes) throws IOException {
                if (hostPath.endsWith("/DSDT") || hostPath.endsWith("/APIC")) {
                    throw new AccessDeniedException(hostPath);
                }
                return real.readBytes(hostPath, maxBytes);
            }

            @Override
            public List<String> list(String hostPath) throws IOException {
                return real.list(hostPath);
            }

            @Override
            public Optional<String> readLink(String hostPath) {
                return real.readLink(hostPath);
            }

            @Override
            public void writeString(String hostPath, String value) throws IOException {
                throw new IOException("read-only");
            }
        };
        AcpiSnapshot s = TableReader.read(denying, DIR);
        assertEquals(6, s.tables().size());
        assertEquals(2, s.problems().size());
        assertTrue(s.problems().get(0).startsWith("permission denied reading /sys/firmware/acpi/tables/DSDT: ACPI tables are readable only by root"),
                s.problems().get(0));
        assertTrue(s.devices().isEmpty(), "without the DSDT there are no devices");
        assertEquals(List.of("APIC", "DSDT"), s.problems().stream().map(p -> p.substring(p.lastIndexOf('/') + 1, p.indexOf(':'))).sorted().toList());
    }

    @Test
    void invalidConfiguredPath() {
        AcpiSnapshot s = TableReader.read(HostRoot.of(tmp), "sys/../etc");
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).startsWith("invalid tables path 'sys/../etc'"), s.problems()::toString);
    }

    @Test
    void noTablesDirectory() {
        AcpiSnapshot s = TableReader.read(HostRoot.of(tmp), DIR);
        assertTrue(s.tables().isEmpty());
        assertEquals(List.of("no ACPI tables at /sys/firmware/acpi/tables (not an ACPI machine, or sysfs is not mounted)"),
                s.problems());
    }
}
