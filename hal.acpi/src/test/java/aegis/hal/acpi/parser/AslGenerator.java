package aegis.hal.acpi.parser;

import java.util.Random;

/** Writes random but valid ASL definition blocks: nested scopes, devices, data, regions, fields and methods with control flow. */
final class AslGenerator {
    private final Random rnd;
    private final StringBuilder sb = new StringBuilder();
    private final char prefix;
    private int names;

    AslGenerator(long seed, char prefix) {
        this.rnd = new Random(seed);
        this.prefix = prefix;
    }

    String generate(String sig, int revision) {
        sb.append("DefinitionBlock (\"\", \"").append(sig).append("\", ").append(revision)
                .append(", \"AEGIS \", \"RANDOM  \", 0x00000001)\n{\n");
        sb.append("    Scope (\\_SB)\n    {\n");
        body(2, 3);
        sb.append("    }\n");
        body(1, 2);
        sb.append("}\n");
        return sb.toString();
    }

    private String name() {
        int n = names++;
        return "" + prefix + (char) ('A' + n / 260 % 26) + (char) ('A' + n / 10 % 26) + (n % 10);
    }

    private void indent(int level) {
        sb.append("    ".repeat(level));
    }

    private void body(int level, int depth) {
        int count = 2 + rnd.nextInt(5);
        for (int i = 0; i < count; i++) {
            int kind = rnd.nextInt(depth > 0 ? 10 : 6);
            indent(level);
            switch (kind) {
                case 0 -> sb.append("Name (").append(name()).append(", ").append(integer()).append(")\n");
                case 1 -> sb.append("Name (").append(name()).append(", \"").append(name().toLowerCase()).append(" text\")\n");
                case 2 -> sb.append("Name (").append(name()).append(", ").append(pkg(2)).append(")\n");
                case 3 -> sb.append("Name (").append(name()).append(", Buffer (").append(1 + rnd.nextInt(20)).append(") {0x01, 0x02})\n");
                case 4 -> method(level);
                case 5 -> region(level);
                case 6, 7 -> {
                    String d = name();
                    sb.append("Device (").append(d).append(")\n");
                    indent(level);
                    sb.append("{\n");
                    indent(level + 1);
                    sb.append(rnd.nextBoolean() ? "Name (_HID, EisaId (\"PNP0C0" + rnd.nextInt(10) + "\"))\n"
                            : "Name (_HID, \"AEGS000" + rnd.nextInt(10) + "\")\n");
                    if (rnd.nextBoolean()) {
                        indent(level + 1);
                        sb.append("Name (_UID, ").append(rnd.nextInt(100)).append(")\n");
                    }
                    if (rnd.nextBoolean()) {
                        indent(level + 1);
                        sb.append("Name (_ADR, ").append(integer()).append(")\n");
                    }
                    body(level + 1, depth - 1);
                    indent(level);
                    sb.append("}\n");
                }
                case 9 -> {
                    String[] predicates = {"CondRefOf (\\_SB)", "CondRefOf (\\_SB.QQQ9)", "One", "Zero",
                        "LNot (CondRefOf (\\_SB.QQQ9))", "LAnd (CondRefOf (\\_SB), One)"};
                    sb.append("If (").append(predicates[rnd.nextInt(predicates.length)]).append(")\n");
                    indent(level);
                    sb.append("{\n");
                    body(level + 1, depth - 1);
                    indent(level);
                    sb.append("}\n");
                    if (rnd.nextBoolean()) {
                        indent(level);
                        sb.append("Else\n");
                        indent(level);
                        sb.append("{\n");
                        body(level + 1, depth - 1);
                        indent(level);
                        sb.append("}\n");
                    }
                }
                default -> {
                    sb.append("Scope (\\_SB)\n");
                    indent(level);
                    sb.append("{\n");
                    body(level + 1, depth - 1);
                    indent(level);
                    sb.append("}\n");
                }
            }
        }
    }

    private String integer() {
        return switch (rnd.nextInt(5)) {
            case 0 -> "Zero";
            case 1 -> "One";
            case 2 -> "0x" + Integer.toHexString(rnd.nextInt(256));
            case 3 -> "0x" + Integer.toHexString(rnd.nextInt(65536) + 256);
            default -> "0x" + Long.toHexString(rnd.nextLong() >>> 33 | 0x10000);
        };
    }

    private String pkg(int depth) {
        StringBuilder p = new StringBuilder("Package () {");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            p.append(i == 0 ? "" : ", ");
            int k = rnd.nextInt(depth > 0 ? 4 : 3);
            p.append(switch (k) {
                case 0 -> integer();
                case 1 -> "\"s" + i + "\"";
                case 2 -> "Buffer () {0x0" + i + "}";
                default -> pkg(depth - 1);
            });
        }
        return p.append('}').toString();
    }

    private void region(int level) {
        String r = name();
        sb.append("OperationRegion (").append(r).append(", ").append(rnd.nextBoolean() ? "SystemIO" : "SystemMemory")
                .append(", 0x").append(Integer.toHexString(rnd.nextInt(0xFFFF))).append(", 0x40)\n");
        indent(level);
        String acc = new String[] {"ByteAcc", "WordAcc", "DWordAcc"}[rnd.nextInt(3)];
        sb.append("Field (").append(r).append(", ").append(acc).append(", NoLock, Preserve)\n");
        indent(level);
        sb.append("{\n");
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            indent(level + 1);
            if (rnd.nextInt(4) == 0) {
                sb.append("Offset (0x").append(Integer.toHexString(4 * (i + 1))).append("),\n");
                indent(level + 1);
            }
            sb.append(name()).append(", ").append(new int[] {1, 8, 16, 32}[rnd.nextInt(4)]).append(",\n");
        }
        indent(level);
        sb.append("}\n");
    }

    private void method(int level) {
        int args = rnd.nextInt(8);
        sb.append("Method (").append(name()).append(", ").append(args).append(", ")
                .append(rnd.nextBoolean() ? "Serialized" : "NotSerialized").append(")\n");
        indent(level);
        sb.append("{\n");
        indent(level + 1);
        sb.append("Local0 = Zero\n");
        statements(level + 1, 3);
        indent(level + 1);
        sb.append("Return (Local0)\n");
        indent(level);
        sb.append("}\n");
    }

    private void statements(int level, int depth) {
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            indent(level);
            int k = rnd.nextInt(depth > 0 ? 7 : 3);
            switch (k) {
                case 0 -> sb.append("Local0 = ").append(integer()).append("\n");
                case 1 -> sb.append("Local0 = (Local0 + ").append(integer()).append(")\n");
                case 2 -> sb.append("Store (").append(pkg(1)).append(", Debug)\n");
                case 3, 4 -> {
                    sb.append("If ((Local0 == ").append(integer()).append("))\n");
                    indent(level);
                    sb.append("{\n");
                    statements(level + 1, depth - 1);
                    indent(level);
                    sb.append("}\n");
                    if (rnd.nextBoolean()) {
                        indent(level);
                        sb.append("Else\n");
                        indent(level);
                        sb.append("{\n");
                        statements(level + 1, depth - 1);
                        indent(level);
                        sb.append("}\n");
                    }
                }
                default -> {
                    sb.append("While ((Local0 < 0x10))\n");
                    indent(level);
                    sb.append("{\n");
                    indent(level + 1);
                    sb.append("Local0++\n");
                    statements(level + 1, depth - 1);
                    indent(level);
                    sb.append("}\n");
                }
            }
        }
    }
}
