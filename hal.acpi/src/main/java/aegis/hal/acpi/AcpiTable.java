package aegis.hal.acpi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ACPI table as read from the firmware: its raw bytes, the header, what validation found
 * (signature, length against the file, checksum) and, for the tables this bundle knows, the
 * decoded fields and body. A table with problems is still listed. Immutable and thread-safe.
 */
public final class AcpiTable {
    private final String name;
    private final byte[] bytes;
    private final AcpiTableHeader header;
    private final boolean checksumOk;
    private final List<String> problems;
    private final List<TableField> fields;
    private final TableBody body;

    /**
     * @param name       where the table came from, relative to the tables directory, for example
     *                   {@code DSDT}, {@code SSDT1} or {@code dynamic/SSDT2}
     * @param bytes      the file's bytes (copied)
     * @param header     the decoded header; for a table too short for one, a header holding what
     *                   could be read
     * @param checksumOk whether the bytes sum to 0 modulo 256 (always {@code true} for the FACS,
     *                   which has no checksum)
     * @param problems   what is wrong with the table, each naming the byte offset; empty if nothing
     * @param fields     the decoded fields in the style of {@code iasl -d}
     * @param body       the decoded body, or {@code null} for tables kept raw
     */
    public AcpiTable(String name, byte[] bytes, AcpiTableHeader header, boolean checksumOk, List<String> problems,
            List<TableField> fields, TableBody body) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes.clone();
        this.header = Objects.requireNonNull(header, "header");
        this.checksumOk = checksumOk;
        this.problems = List.copyOf(problems);
        this.fields = List.copyOf(fields);
        this.body = body;
    }

    /** @return where the table came from, relative to the tables directory ({@code SSDT1}, {@code dynamic/SSDT2}) */
    public String name() {
        return name;
    }

    /** @return the four-character signature from the header */
    public String signature() {
        return header.signature();
    }

    /** @return the header */
    public AcpiTableHeader header() {
        return header;
    }

    /** @return the number of bytes in the file */
    public int fileLength() {
        return bytes.length;
    }

    /** @return a copy of the table's bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return whether the bytes sum to 0 modulo 256 */
    public boolean checksumOk() {
        return checksumOk;
    }

    /** @return whether validation found nothing wrong */
    public boolean valid() {
        return problems.isEmpty();
    }

    /** @return what is wrong with the table, each naming the table and byte offset; empty if nothing */
    public List<String> problems() {
        return problems;
    }

    /** @return the decoded fields, as {@code iasl -d} shows them (header fields first) */
    public List<TableField> fields() {
        return fields;
    }

    /** @return the decoded body, empty for tables kept raw */
    public Optional<TableBody> body() {
        return Optional.ofNullable(body);
    }

    /**
     * @param <T>  the body type
     * @param type the record class wanted, for example {@code Fadt.class}
     * @return the body if it is of that type
     */
    public <T extends TableBody> Optional<T> body(Class<T> type) {
        return type.isInstance(body) ? Optional.of(type.cast(body)) : Optional.empty();
    }

    /**
     * The header as text: the header's {@link AcpiTableHeader#attributes()} plus {@code checksum}
     * (two hex digits) and {@code checksum_ok}. The sysfs directory
     * {@code /sys/hal/acpi/tables/<name>/} shows the same values, typed, except {@code checksum}
     * (whether it is right is {@code checksum_ok}); for the FACS it shows only {@code length}.
     *
     * @return attribute name to text value, in a stable order
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>(header.attributes());
        m.put("checksum", String.format("%02x", header.checksum()));
        m.put("checksum_ok", Boolean.toString(checksumOk));
        return m;
    }

    @Override
    public String toString() {
        return name + " (" + header.signature() + ", " + bytes.length + " bytes" + (valid() ? "" : ", " + problems) + ")";
    }
}
