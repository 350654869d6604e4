package aegis.hal.acpi.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.Fadt;
import aegis.hal.acpi.Madt;
import aegis.hal.acpi.MadtEntry;
import aegis.hal.acpi.Mcfg;
import aegis.hal.acpi.TableField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture table against the iasl -d listing captured with it. */
class TableDecoderTest {
    /** Signatures whose whole listing we decode (the others: header only). */
    static final Set<String> DECODED = Set.of("FACP", "APIC", "MCFG", "HPET", "FACS", "BGRT", "WAET");

    static Stream<Path> fixtureTables() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> hosts = Files.list(Oracles.fixtures())) {
            for (Path h : hosts.sorted().toList()) {
                try (Stream<Path> t = Files.list(h.resolve("sys/firmware/acpi/tables"))) {
                    t.filter(Files::isRegularFile).sorted().forEach(out::add);
                }
            }
        }
        return out.stream();
    }

    static Path dsl(Path table) {
        Path host = table.getParent().getParent().getParent().getParent().getParent();
        return host.resolve("oracle/iasl-d-" + table.getFileName() + ".dsl");
    }

    /** Compares our fields with an iasl listing: every listed field must be ours, in order, same value. */
    static void assertAgrees(AcpiTable t, List<String> dslLines, boolean whole) {
        List<TableField> theirs = Oracles.dslFields(dslLines);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        int headerEnd = "FACS".equals(t.signature()) ? 8 : 36;
        for (TableField f : theirs) {
            if (whole || f.offset() < headerEnd) {
                expected.add(Oracles.key(f));
            }
        }
        for (TableField f : t.fields()) {
            if (whole || f.offset() < headerEnd) {
                actual.add(Oracles.key(f));
            }
        }
        Oracles.assertLines(expected, actual, t.name() + " vs iasl -d");
    }

    @ParameterizedTest
    @MethodSource("fixtureTables")
    void agreesWithIasl(Path table) throws IOException {
        AcpiTable t = TableDecoder.decode(table.getFileName().toString(), Files.readAllBytes(table));
        assertTrue(t.valid(), () -> t.problems().toString());
        assertTrue(t.checksumOk());
        List<String> dsl = Files.readAllLines(dsl(table));
        assertAgrees(t, dsl, DECODED.contains(t.signature()));
        // typed bodies agree with the listing too
        List<TableField> theirs = Oracles.dslFields(dsl);
        switch (t.signature()) {
            case "FACP" -> {
                Fadt f = t.body(Fadt.class).orElseThrow();
                assertEquals(value(theirs, "SCI Interrupt"), f.sciInterrupt());
                assertEquals(value(theirs, "PM Profile"), f.pmProfile());
                assertEquals(value(theirs, "Hardware Reduced (V5)"), f.hardwareReduced() ? 1 : 0);
                assertEquals(values(theirs, "DSDT Address").get(values(theirs, "DSDT Address").size() - 1), f.dsdtAddress());
                assertEquals(value(theirs, "PM1A Event Block Address"),
                        f.pm1aEvent().spaceId() == 1 ? f.pm1aEvent().address() : 0);
            }
            case "APIC" -> {
                Madt m = t.body(Madt.class).orElseThrow();
                assertEquals(value(theirs, "Local Apic Address"), m.localApicAddress());
                assertEquals(values(theirs, "Subtable Type").size(), m.entries().size());
                assertEquals(values(theirs, "Local Apic ID"),
                        m.entries(MadtEntry.LocalApic.class).stream().map(e -> (long) e.apicId()).toList());
                List<Long> isoGsi = new ArrayList<>();
                for (MadtEntry e : m.entries()) {
                    if (e instanceof MadtEntry.InterruptSourceOverride o) {
                        isoGsi.add(o.gsi());
                    } else if (e instanceof MadtEntry.IoApic io) {
                        isoGsi.add(io.gsiBase());
                    }
                }
                assertEquals(values(theirs, "Interrupt"), isoGsi);
            }
            case "MCFG" -> {
                Mcfg m = t.body(Mcfg.class).orElseThrow();
                assertEquals(values(theirs, "Base Address"), m.segments().stream().map(Mcfg.Segment::baseAddress).toList());
                assertEquals(values(theirs, "End Bus Number"), m.segments().stream().map(s -> (long) s.endBus()).toList());
            }
            default -> assertFalse(DECODED.contains(t.signature()) && t.body().isEmpty());
        }
    }

    static long value(List<TableField> fields, String name) {
        return values(fields, name).get(0);
    }

    static List<Long> values(List<TableField> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name))
                .map(f -> Long.parseUnsignedLong(Oracles.bare(f.value()), f.isFlagBit() ? 10 : 16)).toList();
    }
}
