package aegis.hal.sysfs;

import java.util.List;
import java.util.Map;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The {@code /sys/hal} attribute tree: typed attributes registered by subsystems and drivers
 * ({@link Attribute} services) and the built-in {@code /sys/hal/devices/<id>/} directories filled
 * live from the device registry.
 *
 * <p>The service is bundle-scoped: each bundle gets an object bound to its own identity, and every
 * call is checked against that bundle's grants (see {@link AttributeSpec} for the rules). Listings
 * ({@link #list}, {@link #tree}, {@link #find}) show only what the bundle may read.
 *
 * <p>Paths are absolute ({@code /sys/hal/...}); a directory path may be {@code /sys/hal} itself.
 * A device id becomes one directory name under {@code /sys/hal/devices}: characters outside
 * {@code [A-Za-z0-9._:+@,=-]} are written as {@code %XX} (UTF-8 bytes, upper-case hex), so
 * {@code block:nvme0n1} stays {@code block:nvme0n1} and {@code acpi:\_SB.PCI0} becomes
 * {@code acpi:%5C_SB.PCI0}.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
@ProviderType
public interface SysFs {
    /**
     * Lists a directory.
     *
     * @param dir a directory path
     * @return its entries the caller may read, sorted by name
     * @throws HalException {@link ErrorCode#NOT_FOUND} when there is no such directory (or nothing in
     *                      it is visible to the caller), {@link ErrorCode#INVALID_ARGUMENT} for a malformed
     *                      path or an attribute path
     */
    List<SysEntry> list(String dir) throws HalException;

    /**
     * Describes an attribute and reads its value.
     *
     * @param path an attribute path
     * @return the spec and the value (a failed read is reported inside, not thrown)
     * @throws HalException {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#PERMISSION_DENIED},
     *                      {@link ErrorCode#INVALID_ARGUMENT} for a malformed path
     */
    AttributeInfo stat(String path) throws HalException;

    /**
     * Reads an attribute live.
     *
     * @param path an attribute path
     * @return its value, of {@link AttributeType#javaType()}
     * @throws HalException {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#PERMISSION_DENIED},
     *                      {@link ErrorCode#INVALID_ARGUMENT} for a malformed path, or what the provider
     *                      throws ({@link ErrorCode#IO}, {@link ErrorCode#DEVICE_GONE}, ...;
     *                      {@link ErrorCode#DRIVER_FAILED} when it throws an unchecked exception or returns
     *                      a value of the wrong type)
     */
    Object read(String path) throws HalException;

    /**
     * Reads an attribute live as text ({@link AttributeType} describes the text forms).
     *
     * @param path an attribute path
     * @return its value as text
     * @throws HalException as {@link #read}
     */
    String readText(String path) throws HalException;

    /**
     * Writes an attribute: parses the text by the attribute's type, checks the range or allowed
     * values and the caller's permission, then applies it through {@link Attribute#write} and posts
     * {@link AttributeChanged#TOPIC}. Writes to one attribute are serialised. On any failure nothing
     * changes and the message names the path, the value and the rule.
     *
     * @param path an attribute path
     * @param text the new value as text
     * @throws HalException {@link ErrorCode#NOT_FOUND}; {@link ErrorCode#UNSUPPORTED} for a read-only
     *                      attribute; {@link ErrorCode#PERMISSION_DENIED}; {@link ErrorCode#INVALID_ARGUMENT}
     *                      when the text does not parse or breaks a rule; or what the provider throws
     */
    void write(String path, String text) throws HalException;

    /**
     * Reads a whole subtree at once.
     *
     * @param dir a directory path
     * @return a map from entry name to either a nested map (a directory) or the attribute's value
     *         ({@code BYTES} as hex text; {@code null} when the read failed), sorted by name; only
     *         what the caller may read
     * @throws HalException as {@link #list}
     */
    Map<String, Object> tree(String dir) throws HalException;

    /**
     * Finds attributes by a glob: {@code *} and {@code ?} match within one segment, {@code **} as a
     * whole segment matches zero or more segments. A glob that does not start with {@code /} is taken
     * relative to {@code /sys/hal} ({@code "**}{@code /state"}).
     *
     * @param glob the glob
     * @return the matching attribute paths the caller may read, sorted
     * @throws HalException {@link ErrorCode#INVALID_ARGUMENT} for an empty or malformed glob
     */
    List<String> find(String glob) throws HalException;

    /**
     * Reports that the value of an attribute the caller provides has changed outside sysfs (the host
     * changed it, or the provider keeps it), so that sysfs posts {@link AttributeChanged#TOPIC} with
     * cause {@link AttributeChanged#CAUSE_PROVIDER}.
     *
     * @param path the attribute path
     * @throws HalException {@link ErrorCode#NOT_FOUND}; {@link ErrorCode#PERMISSION_DENIED} when the
     *                      attribute at that path was not registered by the calling bundle
     */
    void changed(String path) throws HalException;
}
