package aegis.hal.api.registry;

import java.util.List;

import aegis.hal.api.device.DeviceState;

/**
 * Why a device is bound to what it is bound to: every candidate with its score, ranking and
 * service id, and the rule that decided.
 *
 * @param deviceId   the device
 * @param state      its state
 * @param reason     the reason of that state
 * @param driver     the driver that holds it, or {@code ""}
 * @param decidedBy  the rule that put the winner first: {@code score}, {@code ranking},
 *                   {@code service.id}, {@code only candidate}, {@code administrator}, or {@code ""}
 * @param waitsFor   for a deferred device, what its probe waits for; else {@code ""}
 * @param candidates the drivers of its class, best first
 */
public record Explanation(String deviceId, DeviceState state, String reason, String driver, String decidedBy,
        String waitsFor, List<Candidate> candidates) {
    /** Copies the list. */
    public Explanation {
        candidates = List.copyOf(candidates);
    }
}
