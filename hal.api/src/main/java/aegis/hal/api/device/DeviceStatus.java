package aegis.hal.api.device;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of a device's lifecycle state.
 *
 * @param state  the state
 * @param reason why the device is in this state, for a person to read; empty if nothing to say
 * @param since  when the device entered this state (wall clock, for display)
 */
public record DeviceStatus(DeviceState state, String reason, Instant since) {
    /** Validates the components. */
    public DeviceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }

    /** @return the status of a device that was just registered */
    public static DeviceStatus discovered() {
        return new DeviceStatus(DeviceState.DISCOVERED, "", Instant.now());
    }
}
