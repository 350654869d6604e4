package aegis.hal.api.registry;

import java.time.Instant;
import java.util.Map;

import aegis.hal.api.device.DeviceState;

/**
 * An immutable snapshot of a device as the registry sees it.
 *
 * @param id               the device id
 * @param deviceClass      its class name
 * @param devfsPath        its devfs path, or {@code ""}
 * @param parentId         its parent's id, or {@code ""}
 * @param state            its lifecycle state
 * @param reason           why it is in that state
 * @param driver           the name of the driver that holds or is probing it, or {@code ""}
 * @param driverServiceId  that driver's service id, or 0
 * @param since            when it entered the state
 * @param properties       its properties
 * @param timingsNanos     the last time spent in each state it left, by state name (for example
 *                         {@code PROBING} = how long its last probe took)
 */
public record DeviceInfo(String id, String deviceClass, String devfsPath, String parentId, DeviceState state,
        String reason, String driver, long driverServiceId, Instant since, Map<String, Object> properties,
        Map<String, Long> timingsNanos) {
    /** Copies the maps. */
    public DeviceInfo {
        properties = Map.copyOf(properties);
        timingsNanos = Map.copyOf(timingsNanos);
    }
}
