package aegis.hal.api.registry;

import java.time.Instant;

import aegis.hal.api.device.DeviceState;

/**
 * One lifecycle transition of one device.
 *
 * @param time           when it happened
 * @param deviceId       the device
 * @param from           the previous state
 * @param to             the new state
 * @param reason         why
 * @param driver         the driver involved, or {@code ""}
 * @param durationNanos  how long the device spent in {@code from}
 */
public record Transition(Instant time, String deviceId, DeviceState from, DeviceState to, String reason,
        String driver, long durationNanos) {
}
