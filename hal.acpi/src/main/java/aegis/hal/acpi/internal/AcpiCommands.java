package aegis.hal.acpi.internal;

import aegis.hal.acpi.AcpiFirmware;
import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiNode;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.api.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code acpi:} shell commands. They only read the {@link AcpiFirmware} snapshot and return text. */
@Component(service = Object.class, property = {
    "osgi.command.scope=acpi",
    "osgi.command.function=tables",
    "osgi.command.function=table",
    "osgi.command.function=dump",
    "osgi.command.function=ns",
    "osgi.command.function=devices"
})
public final class AcpiCommands {
    private final AcpiFirmware acpi;

    /** @param acpi the ACPI firmware service */
    @Activate
    public AcpiCommands(@Reference(name = "acpi") AcpiFirmware acpi) {
        this.acpi = acpi;
    }

    private Optional<String> notRead(AcpiSnapshot s) {
        return s.readAt().equals(Instant.EPOCH) ? Optional.of("ACPI tables from " + s.source() + " are still being read\n")
                : Optional.empty();
    }

    /**
     * @param json whether to answer in JSON
     * @return every table with its header and validation result
     */
    @Descriptor("lists the ACPI tables: name, signature, length, revision, OEM ids, creator, validation")
    public String tables(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        AcpiSnapshot s = acpi.snapshot();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", s.source());
            m.put("tables", s.tables().stream().map(Formats::tableSummary).toList());
            m.put("problems", s.problems());
            return Json.pretty(m);
        }
        Optional<String> wait = notRead(s);
        if (wait.isPresent()) {
            return wait.get();
        }
        List<String> out = new ArrayList<>();
        out.add(String.format("%-14s %-4s %8s  %-4s %-6s %-8s %-8s %-4s %-8s  %s", "NAME", "SIG", "LENGTH", "REV", "OEM",
                "OEMTABLE", "OEMREV", "CRTR", "CRTRREV", "STATUS"));
        s.tables().forEach(t -> out.add(Formats.tableLine(t)));
        s.problems().forEach(p -> out.add("! " + p));
        return Formats.lines(out);
    }

    /**
     * @param signature a table name or signature
     * @return the decoded table, like iasl -d's header and fields
     */
    @Descriptor("shows one ACPI table decoded, like iasl -d: header, fields, flags")
    public String table(@Descriptor("table signature or name (FACP, APIC, SSDT2, dynamic/SSDT3)") String signature) {
        AcpiSnapshot s = acpi.snapshot();
        return find(s, signature).map(Formats::table).orElseGet(() -> unknownTable(s, signature));
    }

    /**
     * @param signature a table name or signature
     * @return the table's bytes as a hex dump
     */
    @Descriptor("dumps one ACPI table in hex")
    public String dump(@Descriptor("table signature or name") String signature) {
        AcpiSnapshot s = acpi.snapshot();
        return find(s, signature).map(t -> Formats.hexDump(t.bytes())).orElseGet(() -> unknownTable(s, signature));
    }

    /**
     * @param json whether to answer in JSON
     * @return the whole namespace tree
     */
    @Descriptor("shows the whole ACPI namespace tree")
    public String ns(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        return ns(json, "\\");
    }

    /**
     * @param json whether to answer in JSON
     * @param path where the tree starts
     * @return the namespace tree below that path
     */
    @Descriptor("shows the ACPI namespace tree below a path")
    public String ns(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("namespace path, for example \\_SB.PCI0") String path) {
        AcpiSnapshot s = acpi.snapshot();
        Optional<String> wait = notRead(s);
        if (wait.isPresent() && !json) {
            return wait.get();
        }
        Optional<AcpiNode> node = s.namespace().find(path);
        if (node.isEmpty()) {
            return "no object '" + path + "' in the ACPI namespace"
                    + AcpiNamespace.normalize(path).map(p -> p.equals(path) ? "" : " (looked for " + p + ")").orElse(" (not a valid path)")
                    + "\n";
        }
        if (json) {
            return Json.pretty(node.get());
        }
        StringBuilder sb = new StringBuilder(Formats.tree(node.get()));
        if (node.get() == s.namespace().root()) {
            sb.append(s.namespace().nodeCount()).append(" objects\n");
            s.namespace().externals().forEach(e -> sb.append("External ").append(e).append('\n'));
            s.namespace().problems().forEach(p -> sb.append("! ").append(p).append('\n'));
        }
        return sb.toString();
    }

    /**
     * @param json whether to answer in JSON
     * @return the ACPI devices with their ids
     */
    @Descriptor("lists the ACPI devices of the namespace with _HID, _CID, _UID, _ADR")
    public String devices(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        AcpiSnapshot s = acpi.snapshot();
        if (json) {
            return Json.pretty(s.devices());
        }
        return notRead(s).orElseGet(() -> Formats.lines(s.devices().stream().map(Formats::deviceLine).toList()));
    }

    private static Optional<AcpiTable> find(AcpiSnapshot s, String signature) {
        return signature == null ? Optional.empty() : s.table(signature.strip());
    }

    private static String unknownTable(AcpiSnapshot s, String signature) {
        return "no ACPI table '" + signature + "' (tables: "
                + String.join(", ", s.tables().stream().map(AcpiTable::name).toList()) + ")\n";
    }
}
