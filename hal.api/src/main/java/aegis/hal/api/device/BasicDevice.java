package aegis.hal.api.device;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The standard {@link Device}: an immutable description plus a status that the registry updates.
 * Subsystems build one with {@link #builder(String, DeviceClass)} and register it with
 * {@link #serviceProperties()}. Thread-safe.
 */
public final class BasicDevice implements Device {
    private static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9_-]*:[^\\s]{1,200}");
    private static final Pattern DEVFS_PATTERN = Pattern.compile("/dev(/[A-Za-z0-9._:+-]+)+");

    private final String id;
    private final DeviceClass deviceClass;
    private final String devfsPath;
    private final String parentId;
    private final Map<String, Object> properties;
    private volatile DeviceStatus status = DeviceStatus.discovered();

    private BasicDevice(Builder b) {
        this.id = b.id;
        this.deviceClass = b.deviceClass;
        this.devfsPath = b.devfsPath;
        this.parentId = b.parentId;
        this.properties = Map.copyOf(b.properties);
    }

    /**
     * Starts the description of a device.
     *
     * @param id          {@code <subsystem>:<name>}, for example {@code block:nvme0n1}
     * @param deviceClass its class
     * @return a builder
     * @throws IllegalArgumentException if the id is not of that form
     */
    public static Builder builder(String id, DeviceClass deviceClass) {
        return new Builder(id, deviceClass);
    }

    /**
     * Checks a device id.
     *
     * @param id a candidate id
     * @return whether it has the form {@code <subsystem>:<name>} (lower case subsystem, no blanks)
     */
    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceClass deviceClass() {
        return deviceClass;
    }

    @Override
    public Optional<String> devfsPath() {
        return Optional.ofNullable(devfsPath);
    }

    @Override
    public Optional<String> parentId() {
        return Optional.ofNullable(parentId);
    }

    @Override
    public Map<String, Object> properties() {
        return properties;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    /** @return the service properties to register this device with: id, class, parent, devfs */
    public Dictionary<String, Object> serviceProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ID, id);
        p.put(CLASS, deviceClass.name());
        if (parentId != null) {
            p.put(PARENT, parentId);
        }
        if (devfsPath != null) {
            p.put(DEVFS, devfsPath);
        }
        return p;
    }

    @Override
    public String toString() {
        return id + " (" + deviceClass + ")";
    }

    /** Builds a {@link BasicDevice}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final DeviceClass deviceClass;
        private String devfsPath;
        private String parentId;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        Builder(String id, DeviceClass deviceClass) {
            if (!isValidId(id)) {
                throw new IllegalArgumentException("invalid device id '" + id
                        + "': expected <subsystem>:<name>, lower case subsystem, no blanks");
            }
            this.id = id;
            this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        }

        /**
         * @param path the devfs path, {@code /dev/...}
         * @return this builder
         * @throws IllegalArgumentException if the path is not a clean {@code /dev/...} path
         */
        public Builder devfsPath(String path) {
            if (path != null && !DEVFS_PATTERN.matcher(path).matches()) {
                throw new IllegalArgumentException("invalid devfs path '" + path + "'");
            }
            this.devfsPath = path;
            return this;
        }

        /**
         * @param parent the parent device id, or {@code null} for a root device
         * @return this builder
         * @throws IllegalArgumentException if the id is invalid
         */
        public Builder parent(String parent) {
            if (parent != null && !isValidId(parent)) {
                throw new IllegalArgumentException("invalid parent id '" + parent + "'");
            }
            this.parentId = parent;
            return this;
        }

        /**
         * @param key   property name
         * @param value a string, number, boolean or list of those; {@code null} removes the key
         * @return this builder
         */
        public Builder property(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
            return this;
        }

        /**
         * @param all properties to add
         * @return this builder
         */
        public Builder properties(Map<String, ?> all) {
            all.forEach(this::property);
            return this;
        }

        /** @return the device */
        public BasicDevice build() {
            return new BasicDevice(this);
        }
    }
}
