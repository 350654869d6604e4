package aegis.hal.acpi.internal;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.AcpiTableHeader;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sysfs attributes of one ACPI snapshot: {@code /sys/hal/acpi/tables/<table>/...} for every
 * table and {@code /sys/hal/acpi/devices/<path>/{hid,cid,uid,adr}} for every namespace device whose
 * object is a constant name. OSGi-free: it only builds the {@link Attribute} objects;
 * {@link AcpiComponent} registers them after each scan and unregisters them on deactivation.
 *
 * <p>All attributes are read-only and have no devfs path (ACPI tables and namespace devices have no
 * node), so by the sysfs rule every bundle may read them. A read returns the value of the snapshot
 * the attribute was built from: the tables do not change while the system runs, and a new scan
 * replaces the whole set.
 *
 * <p><b>Directory names.</b> A table's directory is its file name under the tables directory
 * ({@code DSDT}, {@code SSDT1}); a device's is its namespace path without the leading {@code \}, the
 * segments padded to four characters and joined by {@code .} ({@code \_SB_.PCI0} →
 * {@code _SB_.PCI0}). In both, a character outside the sysfs segment set and {@code %} itself are
 * written {@code %XX} per UTF-8 byte with upper-case hex, as sysfs spells device ids
 * ({@code dynamic/SSDT2} → {@code dynamic%2FSSDT2}). The mapping is one-to-one. A name whose
 * directory would be longer than 255 characters has no attributes; it is listed in
 * {@link Built#skipped()}.
 *
 * <p>Immutable and thread-safe.
 */
final class AcpiAttributes {
    /** The directory of the table attributes. */
    static final String TABLES = "/sys/hal/acpi/tables";
    /** The directory of the device attributes. */
    static final String DEVICES = "/sys/hal/acpi/devices";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AcpiAttributes() {
    }

    /**
     * What {@link #of} built.
     *
     * @param attributes the attributes, tables first (in load order, each in the order of
     *                   {@link AcpiTable#attributes()}), then devices (in namespace order)
     * @param skipped    the tables and devices that got no attributes, each with the reason
     */
    record Built(List<Attribute> attributes, List<String> skipped) {
        Built {
            attributes = List.copyOf(attributes);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A read-only attribute with a value fixed when it was built.
     *
     * @param spec  the spec
     * @param value the value, of the Java type of the spec's type
     */
    record Constant(AttributeSpec spec, Object value) implements Attribute {
        Constant {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object read() {
            return value;
        }

        @Override
        public String toString() {
            return spec.path() + " = " + value;
        }
    }

    /**
     * @param snapshot a reading of the tables
     * @return the attributes of its tables and devices
     */
    static Built of(AcpiSnapshot snapshot) {
        List<Attribute> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (AcpiTable t : snapshot.tables()) {
            String dir = segment(t.name());
            if (dir == null) {
                skipped.add("table " + t.name() + ": its directory name would be longer than "
                        + AttributeSpec.MAX_SEGMENT + " characters");
                continue;
            }
            tableAttributes(TABLES + "/" + dir, t, out);
        }
        for (AcpiDevice d : snapshot.devices()) {
            if (d.hid().isEmpty() && d.cids().isEmpty() && d.uid().isEmpty() && d.adr().isEmpty()) {
                continue;
            }
            String dir = deviceSegment(d.path());
            if (dir == null) {
                skipped.add("device " + d.path() + ": its directory name would be longer than "
                        + AttributeSpec.MAX_SEGMENT + " characters");
                continue;
            }
            deviceAttributes(DEVICES + "/" + dir, d, out);
        }
        return new Built(out, skipped);
    }

    private static void tableAttributes(String dir, AcpiTable t, List<Attribute> out) {
        AcpiTableHeader h = t.header();
        String of = " of ACPI table " + t.name();
        out.add(constant(dir + "/length", AttributeType.INTEGER, "bytes",
                "length" + of + " as its header states it", h.length()));
        if ("FACS".equals(t.signature())) {
            // the FACS header is only a signature and a length: no revision, OEM, creator or checksum
            return;
        }
        out.add(constant(dir + "/revision", AttributeType.INTEGER, "", "header revision" + of, (long) h.revision()));
        out.add(constant(dir + "/checksum_ok", AttributeType.BOOLEAN, "",
                "whether the bytes" + of + " sum to 0 modulo 256", t.checksumOk()));
        out.add(constant(dir + "/oem_id", AttributeType.STRING, "", "OEM id" + of + " (trailing blanks removed)",
                oneLine(h.oemId().strip())));
        out.add(constant(dir + "/oem_table_id", AttributeType.STRING, "",
                "OEM table id" + of + " (trailing blanks removed)", oneLine(h.oemTableId().strip())));
        out.add(constant(dir + "/oem_revision", AttributeType.INTEGER, "", "OEM revision" + of, h.oemRevision()));
        out.add(constant(dir + "/creator_id", AttributeType.STRING, "",
                "id of the tool that created" + of.substring(4) + " (iasl: Asl Compiler ID)", oneLine(h.creatorId().strip())));
        out.add(constant(dir + "/creator_revision", AttributeType.INTEGER, "",
                "revision of the tool that created" + of.substring(4) + " (iasl: Asl Compiler Revision)",
                h.creatorRevision()));
    }

    private static void deviceAttributes(String dir, AcpiDevice d, List<Attribute> out) {
        String of = " of ACPI device " + d.path();
        d.hid().ifPresent(v -> out.add(constant(dir + "/hid", AttributeType.STRING, "",
                "_HID" + of + " (EISA ids decoded)", oneLine(v))));
        if (!d.cids().isEmpty()) {
            out.add(constant(dir + "/cid", AttributeType.STRING, "", "_CID" + of + " (comma separated, EISA ids decoded)",
                    oneLine(String.join(",", d.cids()))));
        }
        d.uid().ifPresent(v -> out.add(constant(dir + "/uid", AttributeType.STRING, "",
                "_UID" + of + " (integers in decimal)", oneLine(v))));
        d.adr().ifPresent(v -> out.add(constant(dir + "/adr", AttributeType.INTEGER, "",
                "_ADR" + of + " (PCI: device << 16 | function)", v)));
    }

    private static Attribute constant(String path, AttributeType type, String unit, String description, Object value) {
        return new Constant(AttributeSpec.builder(path, type).unit(unit).description(description).build(), value);
    }

    /**
     * @param namespacePath an absolute namespace path ({@code \_SB_.PCI0})
     * @return its directory name under {@link #DEVICES} ({@code _SB_.PCI0}), or {@code null} when too long
     */
    static String deviceSegment(String namespacePath) {
        return segment(namespacePath.startsWith("\\") ? namespacePath.substring(1) : namespacePath);
    }

    /**
     * Spells a name as one sysfs path segment: characters of the segment set are kept, every other
     * character and {@code %} become {@code %XX} per UTF-8 byte (upper-case hex); a name that is
     * {@code .} or {@code ..} has its dots encoded.
     *
     * @param name a table name or a namespace path without its leading {@code \}
     * @return the segment, or {@code null} when the name is empty or the segment would be longer than 255 characters
     */
    static String segment(String name) {
        if (name.isEmpty()) {
            return null;
        }
        boolean dots = name.equals(".") || name.equals("..");
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '%' && AttributeSpec.segmentChar(c) && !(dots && c == '.')) {
                sb.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < name.length() ? i + 2 : i + 1;
            for (byte b : name.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return sb.length() > AttributeSpec.MAX_SEGMENT ? null : sb.toString();
    }

    /** A STRING attribute is one line: control characters become {@code ?}, as iasl prints them. */
    private static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
