package aegis.hal.api.device;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device, published as an OSGi service by the subsystem that discovered it (the whiteboard
 * pattern of the OSGi Device Access specification). The registry binds it to the best driver.
 *
 * <p>A device registered as a service carries its identity also as service properties
 * ({@link #ID}, {@link #CLASS}, {@link #PARENT}, {@link #DEVFS}) so that service filters and hooks
 * can select devices without calling them; {@link BasicDevice#serviceProperties()} builds them.
 *
 * <p>Implementations are thread-safe: the description never changes, and the status is written by
 * the registry only and read by anyone.
 */
@ProviderType
public interface Device {
    /** Service property: the device id ({@link #id()}). */
    String ID = "aegis.hal.device.id";
    /** Service property: the device class name ({@link #deviceClass()}). */
    String CLASS = "aegis.hal.device.class";
    /** Service property: the parent device id, absent for a root device. */
    String PARENT = "aegis.hal.device.parent";
    /** Service property: the devfs path, absent when the device has no node. */
    String DEVFS = "aegis.hal.device.devfs";

    /** Well-known property: the vendor name or id. */
    String VENDOR = "vendor";
    /** Well-known property: the model name. */
    String MODEL = "model";
    /** Well-known property: the kernel modalias. */
    String MODALIAS = "modalias";
    /** Well-known property: the path of the device on the host (for example a sysfs directory). */
    String HOST_PATH = "host.path";
    /** Well-known property: the serial number. */
    String SERIAL = "serial";

    /**
     * @return the id, stable across replug and driver swap, in the form {@code <subsystem>:<name>}
     *         (for example {@code block:nvme0n1})
     */
    String id();

    /** @return the class of the device */
    DeviceClass deviceClass();

    /** @return the devfs path (for example {@code /dev/block/nvme0n1}), if the device has a node */
    Optional<String> devfsPath();

    /** @return the id of the parent device, if any */
    Optional<String> parentId();

    /**
     * @return the properties that describe the device (vendor, model, modalias, host path and
     *         subsystem-specific ones); an immutable map whose values are strings, numbers,
     *         booleans or lists of those
     */
    Map<String, Object> properties();

    /** @return the current lifecycle status as last set by the registry */
    DeviceStatus status();

    /**
     * Records a new status. Only the registry, which owns the lifecycle, calls this; a driver or an
     * application that calls it only confuses what people see, never what the registry does.
     *
     * @param status the new status, never {@code null}
     */
    void updateStatus(DeviceStatus status);
}
