package aegis.hal.acpi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device of the ACPI namespace (a {@code Device}, {@code Processor} or {@code ThermalZone}
 * object) with the identification objects that are constant names. Immutable and thread-safe.
 *
 * @param id       the HAL device id, {@code acpi:<path>}
 * @param path     the namespace path, for example {@code \_SB_.PCI0}
 * @param type     the object type
 * @param parentId the id of the nearest device-like ancestor, if any
 * @param hid      {@code _HID} as text (EISA ids decoded, for example {@code PNP0A08}), when a constant name
 * @param cids     {@code _CID} entries as text, when a constant name (an id or a package of ids)
 * @param uid      {@code _UID} as text (integers in decimal), when a constant name
 * @param adr      {@code _ADR}, when a constant name
 * @param sta      {@code _STA}, when a constant name (usually a method, then absent)
 * @param table    the table that defined the device
 */
public record AcpiDevice(String id, String path, AcpiObjectType type, Optional<String> parentId,
        Optional<String> hid, List<String> cids, Optional<String> uid, Optional<Long> adr, Optional<Long> sta,
        String table) {

    /** Property of the HAL {@code Device} of an ACPI device: the namespace path. */
    public static final String PATH = "acpi.path";
    /** Property: the object type as acpiexec names it ({@code Device}, {@code Processor}, {@code Thermal}). */
    public static final String TYPE = "acpi.type";
    /** Property: the name of the table that defined the device (empty for {@code \_SB_}, {@code \_TZ_}). */
    public static final String TABLE = "acpi.table";
    /** Property: {@code _HID} as text. */
    public static final String HID = "hid";
    /** Property: {@code _CID} entries, a list of strings. */
    public static final String CID = "cid";
    /** Property: {@code _UID} as text. */
    public static final String UID = "uid";
    /** Property: {@code _ADR}, a Long. */
    public static final String ADR = "adr";
    /** Property: {@code _STA}, a Long, when it is a constant. */
    public static final String STA = "sta";

    /** Checks and copies the components. */
    public AcpiDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        cids = List.copyOf(cids);
    }

    /**
     * The identification as text: {@code hid}, {@code cid} (comma separated), {@code uid},
     * {@code adr} (hex), each only when known. The sysfs directory
     * {@code /sys/hal/acpi/devices/<path>/} shows the same values ({@code adr} as a number).
     *
     * @return attribute name to text value, in a stable order
     */
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        hid.ifPresent(h -> m.put("hid", h));
        if (!cids.isEmpty()) {
            m.put("cid", String.join(",", cids));
        }
        uid.ifPresent(u -> m.put("uid", u));
        adr.ifPresent(a -> m.put("adr", "0x" + Long.toHexString(a)));
        return m;
    }

    /** @return the kernel-style modalias {@code acpi:<HID>:<CID>...:}, when the device has a {@code _HID} */
    public Optional<String> modalias() {
        if (hid.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("acpi:").append(hid.get()).append(':');
        cids.forEach(c -> sb.append(c).append(':'));
        return Optional.of(sb.toString());
    }
}
