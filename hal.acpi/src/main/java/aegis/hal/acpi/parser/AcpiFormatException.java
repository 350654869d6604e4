package aegis.hal.acpi.parser;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Bytes of an ACPI table or of its AML that do not have the expected format. The message names
 * the table, the byte offset and what was wrong. Immutable and thread-safe.
 */
public class AcpiFormatException extends HalException {
    private static final long serialVersionUID = 1L;

    /** The table's name. */
    private final String table;
    /** The byte offset in the table. */
    private final int offset;

    /**
     * @param table  the table's name (for example {@code DSDT} or {@code SSDT1})
     * @param offset the byte offset in the table where the problem is
     * @param what   what is wrong
     */
    public AcpiFormatException(String table, int offset, String what) {
        super(ErrorCode.BAD_FORMAT, table + " at offset 0x" + Integer.toHexString(offset) + " (" + offset + "): " + what);
        this.table = table;
        this.offset = offset;
    }

    /** @return the table's name */
    public String table() {
        return table;
    }

    /** @return the byte offset in the table */
    public int offset() {
        return offset;
    }
}
