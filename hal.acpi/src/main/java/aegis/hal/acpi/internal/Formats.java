package aegis.hal.acpi.internal;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiNode;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.AcpiValue;
import aegis.hal.acpi.parser.EisaId;
import aegis.hal.acpi.parser.TableDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text and JSON shapes of the shell's output. Stateless, thread-safe. */
final class Formats {
    private Formats() {
    }

    static Map<String, Object> tableSummary(AcpiTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("signature", t.signature());
        m.put("length", t.header().length());
        m.put("fileLength", t.fileLength());
        m.put("revision", t.header().revision());
        m.put("checksum", t.header().checksum());
        m.put("checksumOk", t.checksumOk());
        m.put("oemId", t.header().oemId());
        m.put("oemTableId", t.header().oemTableId());
        m.put("oemRevision", t.header().oemRevision());
        m.put("creatorId", t.header().creatorId());
        m.put("creatorRevision", t.header().creatorRevision());
        m.put("decoded", t.body().map(b -> b.getClass().getSimpleName()).orElse(null));
        m.put("problems", t.problems());
        return m;
    }

    static String tableLine(AcpiTable t) {
        return String.format("%-14s %-4s %8d  v%-3d %-6s %-8s %08X %-4s %08X  %s", t.name(), t.signature(),
                t.header().length(), t.header().revision(), t.header().oemId(), t.header().oemTableId(),
                t.header().oemRevision(), t.header().creatorId(), t.header().creatorRevision(),
                t.valid() ? "ok" : String.join("; ", t.problems()));
    }

    static String table(AcpiTable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("ACPI Data Table [").append(t.signature()).append("] from ").append(t.name()).append('\n');
        sb.append("Format: [HexOffset DecimalOffset ByteLength]  FieldName : FieldValue\n\n");
        sb.append(TableDecoder.format(t.fields()));
        if (t.body().isEmpty()) {
            sb.append('\n').append(switch (t.signature()) {
                case "DSDT", "SSDT", "PSDT" -> "AML definition block: see acpi:ns for its namespace\n";
                default -> "Body not decoded (" + Math.max(0, t.fileLength() - 36) + " bytes): see acpi:dump "
                        + t.name() + "\n";
            });
        }
        if (!t.problems().isEmpty()) {
            sb.append("\nProblems:\n");
            t.problems().forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        return sb.toString();
    }

    /** A hex dump in iasl's "Raw Table Data" layout. */
    static String hexDump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Raw Table Data: Length %d (0x%X)%n%n", b.length, b.length));
        for (int off = 0; off < b.length; off += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (int i = off; i < Math.min(off + 16, b.length); i++) {
                int x = b[i] & 0xFF;
                hex.append(String.format("%02X ", x));
                text.append(x >= 0x20 && x < 0x7F ? (char) x : '.');
            }
            sb.append(String.format("    %04X: %-48s // %s%n", off, hex, text));
        }
        return sb.toString();
    }

    /** The namespace below a node, one object a line, indented by depth, as acpiexec shows it (no addresses). */
    static String tree(AcpiNode root) {
        StringBuilder sb = new StringBuilder();
        tree(sb, root, 0);
        return sb.toString();
    }

    private static void tree(StringBuilder sb, AcpiNode n, int depth) {
        sb.append("  ".repeat(depth)).append(String.format("%-4s %-12s", n.name(), n.type().acpicaName()));
        String d = details(n);
        if (!d.isEmpty()) {
            sb.append(' ').append(d);
        }
        sb.append('\n');
        for (AcpiNode c : n.children()) {
            tree(sb, c, depth + 1);
        }
    }

    static String details(AcpiNode n) {
        Map<String, Object> i = n.info();
        return switch (n.type()) {
            case INTEGER, STRING, BUFFER, PACKAGE, UNTYPED -> n.value().map(v -> value(n.name(), v)).orElse("");
            case METHOD -> "Args " + i.get("args") + (Boolean.TRUE.equals(i.get("serialized")) ? " Serialized" : "");
            case REGION -> "[" + i.get("space") + "]" + (i.containsKey("address")
                    ? String.format(" Addr 0x%X Len 0x%X", (Long) i.get("address"), (Long) i.getOrDefault("length", 0L)) : "");
            case REGION_FIELD, BANK_FIELD -> field(i, "Rgn [" + i.get("region") + "]"
                    + (i.containsKey("bank") ? " Bnk [" + i.get("bank") + "]" : ""));
            case INDEX_FIELD -> field(i, "Idx [" + i.get("index") + "] Dat [" + i.get("data") + "]");
            case BUFFER_FIELD -> field(i, "Buf [" + i.getOrDefault("buffer", "?") + "]");
            case PROCESSOR -> String.format("ID 0x%X Addr 0x%X Len %d", (Integer) i.get("procId"), (Long) i.get("pblkAddress"),
                    (Integer) i.get("pblkLength"));
            case ALIAS -> "Target " + i.get("target");
            case MUTEX -> "SyncLevel " + i.getOrDefault("syncLevel", 0);
            default -> "";
        };
    }

    private static String field(Map<String, Object> i, String prefix) {
        return prefix + String.format(" Off 0x%X Len %s Acc %s", (Long) i.getOrDefault("bitOffset", 0L),
                i.getOrDefault("bitLength", "?"), i.getOrDefault("accessBytes", "?"));
    }

    private static String value(String name, AcpiValue v) {
        String text = v.text();
        if (text.length() > 120) {
            text = text.substring(0, 117) + "...";
        }
        if (v instanceof AcpiValue.IntegerValue iv && (name.equals("_HID") || name.equals("_CID"))) {
            return text + " (" + EisaId.decode(iv.value()) + ")";
        }
        return text;
    }

    static String deviceLine(AcpiDevice d) {
        StringBuilder sb = new StringBuilder(String.format("%-32s %-9s", d.id(), d.type().acpicaName()));
        d.attributes().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        d.sta().ifPresent(s -> sb.append(" sta=0x").append(Long.toHexString(s).toUpperCase(Locale.ROOT)));
        d.parentId().ifPresent(p -> sb.append(" parent=").append(p));
        return sb.toString();
    }

    static String lines(List<String> l) {
        return String.join("\n", l) + (l.isEmpty() ? "" : "\n");
    }
}
