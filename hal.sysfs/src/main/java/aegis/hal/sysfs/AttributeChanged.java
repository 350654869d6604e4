package aegis.hal.sysfs;

/**
 * The EventAdmin event sysfs posts when an attribute changes, so that consumers can watch instead
 * of poll: after every successful {@link SysFs#write}, when a built-in
 * {@code /sys/hal/devices/<id>/} attribute changes (a device appears, changes state, driver or
 * reason, or goes away), and when a provider reports a change with {@link SysFs#changed}.
 *
 * <p>Properties: {@link #PATH} always; {@link #CAUSE} always; {@link #VALUE} and {@link #TEXT}
 * only for attributes without a device path, because EventAdmin cannot filter by the subscriber's
 * grants: a watcher of a device attribute reads the value through {@link SysFs}, which checks.
 */
public final class AttributeChanged {
    /** The topic. */
    public static final String TOPIC = "aegis/hal/sysfs/CHANGED";
    /** Property: the attribute path (for a removed device: its directory). */
    public static final String PATH = "path";
    /** Property: the new value, of the type's Java type (absent for device attributes). */
    public static final String VALUE = "value";
    /** Property: the new value as text (absent for device attributes). */
    public static final String TEXT = "text";
    /** Property: why: {@link #CAUSE_WRITE}, {@link #CAUSE_DEVICE}, {@link #CAUSE_PROVIDER} or {@link #CAUSE_REMOVED}. */
    public static final String CAUSE = "cause";
    /** Property: for a built-in device attribute, the device id. */
    public static final String DEVICE_ID = "device.id";

    /** Cause: a write through {@link SysFs#write}. */
    public static final String CAUSE_WRITE = "write";
    /** Cause: the registry reported a device transition. */
    public static final String CAUSE_DEVICE = "device";
    /** Cause: the provider called {@link SysFs#changed}. */
    public static final String CAUSE_PROVIDER = "provider";
    /** Cause: the device left the registry; {@link #PATH} is its directory. */
    public static final String CAUSE_REMOVED = "removed";

    private AttributeChanged() {
    }
}
