package aegis.hal.acpi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The common header of an ACPI table (the first 36 bytes of every table except the FACS, whose
 * header is only its signature and length; for the FACS the other components are zero or empty).
 * Immutable and thread-safe.
 *
 * @param signature       the four-character signature, for example {@code "FACP"}
 * @param length          the length the table claims for itself, in bytes
 * @param revision        the table revision
 * @param checksum        the checksum byte as stored
 * @param oemId           the OEM id (6 characters, trailing blanks kept as stored)
 * @param oemTableId      the OEM table id (8 characters)
 * @param oemRevision     the OEM revision
 * @param creatorId       the id of the tool that created the table ("Asl Compiler ID" in iasl)
 * @param creatorRevision the revision of that tool
 */
public record AcpiTableHeader(String signature, long length, int revision, int checksum, String oemId,
        String oemTableId, long oemRevision, String creatorId, long creatorRevision) {

    /** Size in bytes of the standard header. */
    public static final int SIZE = 36;

    /** Checks that no text component is {@code null}. */
    public AcpiTableHeader {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(oemId, "oemId");
        Objects.requireNonNull(oemTableId, "oemTableId");
        Objects.requireNonNull(creatorId, "creatorId");
    }

    /**
     * The header as sysfs attributes would show it, in the order of
     * {@code /sys/hal/acpi/tables/<SIG>/}: {@code length, revision, oem_id, oem_table_id,
     * oem_revision, creator_id, creator_revision} (the table adds {@code checksum_ok}).
     *
     * @return attribute name to text value, in a stable order
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("length", Long.toString(length));
        m.put("revision", Integer.toString(revision));
        m.put("oem_id", oemId.strip());
        m.put("oem_table_id", oemTableId.strip());
        m.put("oem_revision", Long.toString(oemRevision));
        m.put("creator_id", creatorId.strip());
        m.put("creator_revision", Long.toString(creatorRevision));
        return m;
    }
}
