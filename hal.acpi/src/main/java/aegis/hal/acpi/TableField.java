package aegis.hal.acpi;

import java.util.Objects;

/**
 * One decoded field of a table, as {@code iasl -d} shows it:
 * {@code [offset length] name : value}. Flag bits decoded below a flags field are fields of length
 * 0 at the flags field's offset. Immutable and thread-safe.
 *
 * @param offset byte offset in the table
 * @param length width in bytes (0 for a decoded flag bit)
 * @param name   the field name, as iasl names it
 * @param value  the value as iasl prints it: upper-case hex of the field's width, a quoted string,
 *               optionally followed by a bracketed meaning such as {@code 01 [SystemIO]}
 */
public record TableField(int offset, int length, String name, String value) {
    /** Checks the components. */
    public TableField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** @return whether this is a flag bit decoded below its flags field */
    public boolean isFlagBit() {
        return length == 0;
    }
}
