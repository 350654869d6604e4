package aegis.hal.sysfs;

/**
 * The type of a sysfs attribute, which fixes the Java type of its values and how its text is
 * parsed and written. Immutable and thread-safe.
 *
 * <table>
 * <caption>Types, Java types and text forms</caption>
 * <tr><th>type</th><th>Java type</th><th>text</th></tr>
 * <tr><td>INTEGER</td><td>{@link Long}</td><td>decimal, optional sign: {@code -12}</td></tr>
 * <tr><td>DECIMAL</td><td>{@link Double} (finite)</td><td>plain decimal: {@code 2.5}, {@code -0.125}, {@code 3}</td></tr>
 * <tr><td>STRING</td><td>{@link String}</td><td>the text itself, one line, no control characters</td></tr>
 * <tr><td>ENUM</td><td>{@link String}</td><td>one of the allowed values (matched ignoring case)</td></tr>
 * <tr><td>BOOLEAN</td><td>{@link Boolean}</td><td>{@code true}/{@code false}; also accepted: {@code 1}/{@code 0},
 * {@code yes}/{@code no}, {@code on}/{@code off}</td></tr>
 * <tr><td>BYTES</td><td>{@code byte[]}</td><td>lower-case hex, two digits per byte; {@code 0x} prefix, spaces and
 * colons accepted when written</td></tr>
 * </table>
 */
public enum AttributeType {
    /** A whole number; Java type {@link Long}. */
    INTEGER(Long.class),
    /** A finite decimal number; Java type {@link Double}. */
    DECIMAL(Double.class),
    /** Free text on one line; Java type {@link String}. */
    STRING(String.class),
    /** One of a fixed set of values ({@link AttributeSpec#allowed()}); Java type {@link String}. */
    ENUM(String.class),
    /** A truth value; Java type {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** Raw bytes, shown as hex; Java type {@code byte[]}. */
    BYTES(byte[].class);

    private final Class<?> javaType;

    AttributeType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** @return the Java type of values of this type: what {@link Attribute#read()} returns and {@link Attribute#write} gets */
    public Class<?> javaType() {
        return javaType;
    }

    /** @return whether values of this type are numbers (so a range applies) */
    public boolean numeric() {
        return this == INTEGER || this == DECIMAL;
    }
}
