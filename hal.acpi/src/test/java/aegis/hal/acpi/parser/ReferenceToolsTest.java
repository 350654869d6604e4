package aegis.hal.acpi.parser;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real acpica-tools (iasl, acpiexec) on tables this test compiles from ASL and on the
 * machine's own tables, and compares our decoding with theirs. Skipped only when the tools are
 * not installed (Debian: {@code apt-get install acpica-tools}).
 */
class ReferenceToolsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Oracles.hasTool("iasl") && Oracles.hasTool("acpiexec"), "acpica-tools (iasl, acpiexec) not installed");
    }

    private byte[] compile(String name, String asl) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".asl"), asl);
        String out = Oracles.run(dir, "iasl", "-p", name, name + ".asl");
        Path aml = dir.resolve(name + ".aml");
        assertTrue(Files.exists(aml), () -> "iasl failed:\n" + out);
        return Files.readAllBytes(aml);
    }

    private List<String> acpiexec(String... amlFiles) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("acpiexec", "-b", "namespace"));
        cmd.addAll(List.of(amlFiles));
        return Oracles.run(dir, cmd.toArray(String[]::new)).lines().toList();
    }

    @Test
    void compiledNestedDsdtRoundTrips() throws Exception {
        String asl = new String(getClass().getResourceAsStream("/asl/nested.asl").readAllBytes());
        byte[] aml = compile("nested", asl);
        AcpiNamespace ns = AmlParser.parse("DSDT", aml);
        AmlParserTest.assertAgrees(ns, acpiexec("nested.aml"));
        assertTrue(ns.find("\\_SB.PCI0.ISA.KBD").isPresent());
        // acpiexec lists no node for an External: we keep them as declarations (iasl emits only the
        // referenced ones, inside an If (Zero) block; \EXTM is never called so it is not in the AML)
        org.junit.jupiter.api.Assertions.assertEquals(List.of("\\_SB_.EXT0 Device (unresolved)"), ns.externals());
    }

    @Test
    void moduleLevelIfRunsLikeAcpiexec() throws Exception {
        // If/Else at table level over CondRefOf, constants, names and logic: the branches acpiexec runs
        String asl = new String(getClass().getResourceAsStream("/asl/cond.asl").readAllBytes());
        byte[] aml = compile("cond", asl);
        AcpiNamespace ns = AmlParser.parse("DSDT", aml);
        AmlParserTest.assertAgrees(ns, acpiexec("cond.aml"));
        assertTrue(ns.find("\\_SB.PCI0.DEVA").isPresent() && ns.find("\\NOPE").isEmpty());
    }

    @Test
    void externalMethodsAreCalledWithTheirDeclaredArguments() throws Exception {
        // a module-level call of an external method with two arguments: the declared argument count is
        // recorded and used to parse the call; the objects after it are still found
        String asl = "DefinitionBlock (\"\", \"SSDT\", 2, \"AEGIS \", \"EXTCALL \", 1)\n{\n"
                + "    External (\\_SB.EXTM, MethodObj, IntObj, {IntObj, IntObj})\n"
                + "    External (\\_SB.EXD0, DeviceObj)\n"
                + "    \\_SB.EXTM (0x01, 0x02)\n"
                + "    Name (AFTR, 0x2A)\n"
                + "    Scope (\\_SB) { Device (DEV9) { Name (_HID, \"AEGS0009\") } }\n}\n";
        byte[] aml = compile("extcall", asl);
        AcpiNamespace ns = AmlParser.parse("SSDT1", aml);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("\\_SB_.EXTM Method args 2 (unresolved)"),
                ns.externals().stream().filter(e -> e.contains("EXTM")).toList());
        assertTrue(ns.problems().isEmpty(), ns.problems()::toString);
        org.junit.jupiter.api.Assertions.assertEquals("0x2A", ns.find("\\AFTR").orElseThrow().value().orElseThrow().text());
        assertTrue(ns.find("\\_SB.DEV9").isPresent());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomDsdtAndSsdtRoundTrip(long seed) throws Exception {
        byte[] dsdt = compile("dsdt", new AslGenerator(seed, 'D').generate("DSDT", 2));
        byte[] ssdt = compile("ssdt", new AslGenerator(seed + 1000, 'S').generate("SSDT", 2));
        AcpiTable d = TableDecoder.decode("DSDT", dsdt);
        AcpiTable s = TableDecoder.decode("SSDT1", ssdt);
        assertTrue(d.valid() && s.valid(), () -> d.problems() + " " + s.problems());
        AcpiNamespace ns = AmlParser.load(List.of(d, s));
        AmlParserTest.assertAgrees(ns, acpiexec("dsdt.aml", "ssdt.aml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"APIC", "FACP", "FACS", "HPET", "MCFG", "BGRT", "WAET"})
    void templateTablesAgreeWithIasl(String sig) throws Exception {
        String out = Oracles.run(dir, "iasl", "-T", sig);
        Path asl = dir.resolve(sig.toLowerCase() + ".asl");
        assumeTrue(Files.exists(asl), () -> "iasl has no template for " + sig + ": " + out);
        Oracles.run(dir, "iasl", asl.getFileName().toString());
        Path aml = dir.resolve(sig.toLowerCase() + ".aml");
        assertTrue(Files.exists(aml), "iasl did not compile the template of " + sig);
        Path dat = dir.resolve(sig + ".dat");
        Files.copy(aml, dat);
        Oracles.run(dir, "iasl", "-d", dat.getFileName().toString());
        AcpiTable t = TableDecoder.decode(sig, Files.readAllBytes(aml));
        List<String> dsl = Files.readAllLines(dir.resolve(sig + ".dsl"));
        if (sig.equals("APIC")) {
            // the template holds every subtable type; compare those we decode, plus every subtable's type and length
            assertTrue(t.valid(), t.problems()::toString);
            assertAgrees(t, dsl);
        } else {
            assertTrue(t.valid(), t.problems()::toString);
            TableDecoderTest.assertAgrees(t, dsl, true);
        }
    }

    /** MADT with raw subtables: every field of ours must be iasl's, and every subtable header must be listed. */
    private static void assertAgrees(AcpiTable t, List<String> dsl) {
        List<String> theirs = Oracles.dslFields(dsl).stream().map(Oracles::key).toList();
        List<String> ours = t.fields().stream().map(Oracles::key).toList();
        List<String> missing = new ArrayList<>(ours);
        missing.removeAll(theirs);
        assertTrue(missing.isEmpty(), () -> "fields iasl does not show: " + missing);
        List<String> theirTypes = theirs.stream().filter(k -> k.contains("Subtable Type")).toList();
        List<String> ourTypes = ours.stream().filter(k -> k.contains("Subtable Type")).toList();
        Oracles.assertLines(theirTypes, ourTypes, "MADT subtables");
    }

    /** The live machine's own tables (readable by root): headers and decoded tables against iasl -d, namespace against acpiexec. */
    @Test
    void liveTablesAgree() throws Exception {
        Path tables = Path.of("/sys/firmware/acpi/tables");
        assumeTrue(Files.isDirectory(tables), "no ACPI tables on this machine");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tables)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        assumeTrue(!files.isEmpty() && Files.isReadable(files.get(0)), "ACPI tables are readable only by root");
        List<AcpiTable> decoded = new ArrayList<>();
        List<String> amlFiles = new ArrayList<>();
        for (Path f : files) {
            String name = tables.relativize(f).toString();
            if (name.startsWith("data/")) {
                continue; // firmware data blobs (e.g. BERT regions), not tables
            }
            byte[] bytes = Files.readAllBytes(f);
            AcpiTable t = TableDecoder.decode(name, bytes);
            decoded.add(t);
            assertTrue(t.valid(), () -> name + ": " + t.problems());
            String base = name.replace('/', '_');
            Files.write(dir.resolve(base + ".dat"), bytes);
            Oracles.run(dir, "iasl", "-d", base + ".dat");
            List<String> dsl = Files.readAllLines(dir.resolve(base + ".dsl"));
            TableDecoderTest.assertAgrees(t, dsl, TableDecoderTest.DECODED.contains(t.signature())
                    && !t.signature().equals("APIC"));
            if (t.signature().equals("APIC")) {
                assertAgrees(t, dsl);
            }
            if (t.signature().equals("DSDT")) {
                amlFiles.add(0, base + ".dat");
            } else if (t.signature().equals("SSDT")) {
                amlFiles.add(base + ".dat");
            }
        }
        if (!amlFiles.isEmpty()) {
            AmlParserTest.assertAgrees(AmlParser.load(decoded), acpiexec(amlFiles.toArray(String[]::new)));
        }
    }
}
