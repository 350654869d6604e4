package aegis.hal.acpi.parser;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiNode;
import aegis.hal.acpi.AcpiObjectType;
import aegis.hal.acpi.AcpiValue;
import aegis.hal.acpi.TableField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the reference tools' outputs (iasl -d, acpiexec) and runs the tools. Test helper. */
final class Oracles {
    private static final Pattern FIELD = Pattern.compile("^\\[([0-9A-F]+)h (\\d+) +(\\d+)\\] +(.+?) : (.*)$");
    private static final Pattern BIT = Pattern.compile("^ +([^ *\\[].*?) : (\\d+)$");
    private static final Pattern AML_HEADER = Pattern.compile("^ \\* {5}(Signature|Length|Revision|Checksum|OEM ID|OEM Table ID|OEM Revision|Compiler ID|Compiler Version) +(\"[^\"]*\"|0x[0-9A-Fa-f]+).*$");
    private static final Pattern NS = Pattern.compile("^ *(\\d+) +(\\S{4}) (\\S+) +0x[0-9a-f]+ (\\d{3}) ?(.*)$");

    private Oracles() {
    }

    static Path fixtures() {
        try {
            return Paths.get(Oracles.class.getResource("/fixtures/hosts").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The field lines of an iasl -d listing up to the raw dump: bracketed fields and flag bits (length 0). */
    static List<TableField> dslFields(List<String> lines) {
        List<TableField> out = new ArrayList<>();
        if (lines.stream().anyMatch(l -> l.contains("Original Table Header:"))) {
            // an AML disassembly: the header is in the leading comment
            String[][] map = {{"Signature", "Signature", "0", "4"}, {"Length", "Table Length", "4", "4"},
                {"Revision", "Revision", "8", "1"}, {"Checksum", "Checksum", "9", "1"}, {"OEM ID", "Oem ID", "10", "6"},
                {"OEM Table ID", "Oem Table ID", "16", "8"}, {"OEM Revision", "Oem Revision", "24", "4"},
                {"Compiler ID", "Asl Compiler ID", "28", "4"}, {"Compiler Version", "Asl Compiler Revision", "32", "4"}};
            for (String l : lines) {
                Matcher m = AML_HEADER.matcher(l);
                if (!m.matches()) {
                    continue;
                }
                for (String[] e : map) {
                    if (e[0].equals(m.group(1))) {
                        int len = Integer.parseInt(e[3]);
                        String v = m.group(2);
                        if (!v.startsWith("\"")) {
                            v = hex(Long.parseLong(v.substring(2), 16), len * 2);
                        }
                        out.add(new TableField(Integer.parseInt(e[2]), len, e[1], v));
                    }
                }
            }
            return out;
        }
        int lastOffset = 0;
        for (String l : lines) {
            if (l.startsWith("Raw Table Data")) {
                break;
            }
            Matcher m = FIELD.matcher(l);
            if (m.matches()) {
                lastOffset = Integer.parseInt(m.group(1), 16);
                out.add(new TableField(lastOffset, Integer.parseInt(m.group(3)), m.group(4).strip(), m.group(5).strip()));
                continue;
            }
            Matcher b = BIT.matcher(l);
            if (b.matches() && !l.contains("//")) {
                out.add(new TableField(lastOffset, 0, b.group(1).strip(), b.group(2)));
            }
        }
        return out;
    }

    /** A value without iasl's bracketed meaning: {@code 01 [SystemIO]} gives {@code 01}. */
    static String bare(String value) {
        String v = value.strip();
        if (v.startsWith("\"")) {
            int q = v.indexOf('"', 1);
            return q > 0 ? v.substring(0, q + 1) : v;
        }
        int sp = v.indexOf(' ');
        return sp > 0 ? v.substring(0, sp) : v;
    }

    static String key(TableField f) {
        return String.format("[%03Xh %3d] %s : %s", f.offset(), f.length(), f.name(), bare(f.value()));
    }

    /** One namespace line of acpiexec: depth, name, type, owner id, the rest (heap addresses removed). */
    record NsLine(int depth, String name, String type, int owner, String rest) {
        String path(List<String> stack) {
            return "\\" + String.join(".", stack);
        }
    }

    static List<NsLine> acpiexecNamespace(List<String> lines) {
        List<NsLine> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("ACPI Namespace (from Namespace Root)")) {
                in = true;
                continue;
            }
            if (!in) {
                continue;
            }
            Matcher m = NS.matcher(l);
            if (m.matches()) {
                String rest = m.group(5).replaceAll("0x[0-9a-f]{6,}", "<addr>").replaceAll("\\(nil\\)", "<addr>").strip();
                out.add(new NsLine(Integer.parseInt(m.group(1)), m.group(2), m.group(3), Integer.parseInt(m.group(4)), rest));
            } else if (l.startsWith("Namespace node count")) {
                break;
            }
        }
        return out;
    }

    /** Absolute paths (segments padded) of acpiexec lines, in order. */
    static List<String> paths(List<NsLine> lines) {
        List<String> stack = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (NsLine n : lines) {
            while (stack.size() > n.depth()) {
                stack.remove(stack.size() - 1);
            }
            stack.add(n.name());
            out.add("\\" + String.join(".", stack));
        }
        return out;
    }

    /** Our node in acpiexec's words: type name and the same details acpiexec prints, where we know them. */
    static String describe(AcpiNode n) {
        Map<String, Object> i = n.info();
        String v = switch (n.type()) {
            case INTEGER -> n.value().map(x -> "= " + hex(((AcpiValue.IntegerValue) x).value(), 16)).orElse("");
            case STRING -> n.value().map(x -> {
                String s = ((AcpiValue.StringValue) x).value();
                return String.format("Len %02X \"%s\"", s.length(), s);
            }).orElse("");
            case BUFFER -> n.value().map(x -> {
                AcpiValue.BufferValue bv = (AcpiValue.BufferValue) x;
                List<String> bytes = new ArrayList<>(bv.hex().isEmpty() ? List.of() : List.of(bv.hex().split(" ")));
                while (bytes.size() < bv.length() && bytes.size() < 12) {
                    bytes.add("00");
                }
                return String.format("Len %02X = %s", bv.length(), String.join(" ", bytes.subList(0, Math.min(12, bytes.size()))));
            }).orElse("");
            case PACKAGE -> n.value().map(x -> String.format("Elements %02X", ((AcpiValue.PackageValue) x).count())).orElse("");
            case METHOD -> String.format("Args %d Len %04X Aml <addr>", (Integer) i.get("args"), (Integer) i.get("amlLength"));
            case REGION -> i.containsKey("address") && !"DataTable".equals(i.get("space"))
                    ? String.format("[%s] Addr %s Len %04X", i.get("space"), hex((Long) i.get("address"), 16), (Long) i.get("length"))
                    : "[" + i.get("space") + "]";
            case REGION_FIELD -> String.format("Rgn [%s] Off %03X Len %02X Acc %02X", i.get("region"), (Long) i.get("bitOffset"),
                    (Long) i.get("bitLength"), (Integer) i.get("accessBytes"));
            case INDEX_FIELD -> String.format("Idx [%s] Dat [%s] Off %03X Len %02X Acc %02X", i.get("index"), i.get("data"),
                    (Long) i.get("bitOffset"), (Long) i.get("bitLength"), (Integer) i.get("accessBytes"));
            case BANK_FIELD -> String.format("Rgn [%s] Bnk [%s] Off %03X Len %02X Acc %02X", i.get("region"), i.get("bank"),
                    (Long) i.get("bitOffset"), (Long) i.get("bitLength"), (Integer) i.get("accessBytes"));
            case BUFFER_FIELD -> i.containsKey("accessBytes")
                    ? String.format("Buf [%s] Off %03X Len %02X Acc %02X", last(String.valueOf(i.get("buffer"))),
                            (Long) i.get("bitOffset"), (Long) i.get("bitLength"), (Integer) i.get("accessBytes"))
                    : "";
            case PROCESSOR -> String.format("ID %02X Len %02X Addr %s", (Integer) i.get("procId"), (Integer) i.get("pblkLength"),
                    hex((Long) i.get("pblkAddress"), 16));
            case ALIAS -> "Target " + last(String.valueOf(i.get("target"))) + " <addr>";
            default -> "";
        };
        return n.type().acpicaName() + " " + v;
    }

    private static String last(String path) {
        int d = Math.max(path.lastIndexOf('.'), path.lastIndexOf('\\'));
        return path.substring(d + 1);
    }

    /** acpiexec's line in the same shape as {@link #describe}, or null where our parser cannot know the value. */
    static String describe(NsLine l) {
        String rest = l.rest();
        return switch (l.type()) {
            case "Device", "Thermal", "Scope", "Power", "Mutex", "Event", "Untyped" -> l.type() + " ";
            case "Region" -> rest.startsWith("[DataTable]") ? l.type() + " [DataTable]" : l.type() + " " + rest;
            case "Alias" -> l.type() + " " + rest.replace("(<addr>)", "<addr>");
            default -> l.type() + " " + rest;
        };
    }

    static String hex(long v, int digits) {
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** Our namespace as (path, description) lines, table-defined objects only, in acpiexec's order. */
    static List<String> ours(AcpiNamespace ns) {
        List<String> out = new ArrayList<>();
        ns.walk(n -> {
            if (!n.predefined()) {
                String d = describe(n);
                out.add(n.path() + " " + (n.type() == AcpiObjectType.DEVICE || n.type() == AcpiObjectType.THERMAL_ZONE || n.type() == AcpiObjectType.POWER_RESOURCE
                        || n.type() == AcpiObjectType.MUTEX || n.type() == AcpiObjectType.EVENT
                        ? n.type().acpicaName() + " " : d));
            }
        });
        return out;
    }

    /** acpiexec's namespace in the same form: objects with an owner id other than 0 (0 = the interpreter's own). */
    static List<String> theirs(List<String> lines) {
        List<NsLine> ns = acpiexecNamespace(lines);
        List<String> paths = paths(ns);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ns.size(); i++) {
            if (ns.get(i).owner() != 0) {
                out.add(paths.get(i) + " " + describe(ns.get(i)));
            }
        }
        return out;
    }

    /** Asserts two line lists are equal, reporting the first difference with its neighbours. */
    static void assertLines(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        int i = 0;
        while (i < n && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        if (i == n && expected.size() == actual.size()) {
            return;
        }
        int from = Math.max(0, i - 2);
        StringBuilder sb = new StringBuilder(what + ": first difference at line " + i + " (expected " + expected.size()
                + " lines, got " + actual.size() + ")\n--- expected\n");
        for (int j = from; j < Math.min(expected.size(), i + 4); j++) {
            sb.append(expected.get(j)).append('\n');
        }
        sb.append("--- actual\n");
        for (int j = from; j < Math.min(actual.size(), i + 4); j++) {
            sb.append(actual.get(j)).append('\n');
        }
        org.junit.jupiter.api.Assertions.fail(sb.toString());
    }

    static boolean hasTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool in a directory, returns its combined output; fails the test on a timeout. */
    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
