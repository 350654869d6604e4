package aegis.hal.acpi.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The namespace of each fixture host's DSDT against acpiexec's namespace dump of the same bytes. */
class AmlParserTest {

    static Stream<Path> hosts() throws IOException {
        try (Stream<Path> s = Files.list(Oracles.fixtures())) {
            return s.sorted().toList().stream();
        }
    }

    static List<AcpiTable> tables(Path host) throws IOException {
        List<AcpiTable> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(host.resolve("sys/firmware/acpi/tables"))) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.add(TableDecoder.decode(p.getFileName().toString(), Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** Compares our namespace with an acpiexec dump: every object, its type, order and constant details. */
    static void assertAgrees(AcpiNamespace ns, List<String> acpiexec) {
        assertTrue(ns.problems().isEmpty(), () -> ns.problems().toString());
        Oracles.assertLines(Oracles.theirs(acpiexec), Oracles.ours(ns), "namespace vs acpiexec");
        // every Device path and its constant _HID
        List<Oracles.NsLine> lines = Oracles.acpiexecNamespace(acpiexec);
        // the interpreter's predefined objects (owner 0 at the root; _TI_ is acpiexec's own test object)
        List<String> theirPredefined = lines.stream().filter(l -> l.owner() == 0 && l.depth() == 0 && !l.name().equals("_TI_"))
                .map(l -> l.name() + " " + l.type()).toList();
        List<String> ourPredefined = ns.root().children().stream().filter(aegis.hal.acpi.AcpiNode::predefined)
                .map(n -> n.name() + " " + n.type().acpicaName()).toList();
        Oracles.assertLines(theirPredefined, ourPredefined, "predefined objects vs acpiexec");
        List<String> paths = Oracles.paths(lines);
        List<String> theirDevices = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Oracles.NsLine l = lines.get(i);
            if (l.type().equals("Device") || l.type().equals("Processor") || l.type().equals("Thermal")) {
                String hid = "";
                for (int j = i + 1; j < lines.size() && lines.get(j).depth() > l.depth(); j++) {
                    Oracles.NsLine c = lines.get(j);
                    if (c.depth() == l.depth() + 1 && c.name().equals("_HID")) {
                        hid = c.type().equals("Integer")
                                ? EisaId.decode(Long.parseUnsignedLong(c.rest().substring(2), 16))
                                : c.type().equals("String") ? c.rest().replaceAll("^Len \\w+ \"(.*)\"$", "$1") : "";
                    }
                }
                theirDevices.add(paths.get(i) + " " + hid);
            }
        }
        List<String> ourDevices = ns.devices().stream().map(d -> d.path() + " " + d.hid().orElse("")).toList();
        Oracles.assertLines(theirDevices, ourDevices, "devices and _HID vs acpiexec");
        for (AcpiDevice d : ns.devices()) {
            assertEquals("acpi:" + d.path(), d.id());
        }
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void agreesWithAcpiexec(Path host) throws IOException {
        AcpiNamespace ns = AmlParser.load(tables(host));
        assertAgrees(ns, Files.readAllLines(host.resolve("oracle/acpiexec-namespace.txt")));
    }
}
