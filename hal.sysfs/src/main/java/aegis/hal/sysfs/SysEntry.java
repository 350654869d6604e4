package aegis.hal.sysfs;

/**
 * One entry of a directory listing: a sub-directory or an attribute. Immutable and thread-safe.
 *
 * @param name      the last segment of its path
 * @param path      its full path
 * @param directory whether it is a directory
 * @param spec      the attribute's spec, or {@code null} for a directory
 */
public record SysEntry(String name, String path, boolean directory, AttributeSpec spec) {
}
