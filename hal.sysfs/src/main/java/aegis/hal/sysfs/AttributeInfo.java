package aegis.hal.sysfs;

/**
 * An attribute and its value at the time it was read, as {@link SysFs#stat} returns it. Immutable
 * and thread-safe (the {@code byte[]} of a {@code BYTES} value is a copy owned by the record).
 *
 * @param spec  what the attribute is
 * @param value the value (of {@link AttributeType#javaType()}), or {@code null} when the read failed
 * @param text  the value as text (as {@link SysFs#readText} shows it), or {@code ""} when the read failed
 * @param error why the read failed ({@code CODE: message}), or {@code ""}
 */
public record AttributeInfo(AttributeSpec spec, Object value, String text, String error) {
}
