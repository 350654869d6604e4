package aegis.hal.block.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a block driver (registered as a service next to its {@code Driver}) to publish
 * attributes of the devices it has probed, for example the NVMe driver's model, serial, firmware
 * revision and namespace id. The block subsystem shows them in {@code hal:lsblk --json}; a driver
 * that wants them in sysfs registers its own {@code Attribute} services below
 * {@code /sys/hal/block/<name>/} while it holds the device. Implementations are thread-safe and answer
 * from memory (no host I/O).
 */
@ConsumerType
public interface BlockAttributeSource {
    /**
     * @param deviceId a device id such as {@code block:nvme0n1}
     * @return the attributes this driver holds for that device (attribute name to a string, number or
     *         boolean); empty if it has not probed the device
     */
    Map<String, Object> attributes(String deviceId);
}
