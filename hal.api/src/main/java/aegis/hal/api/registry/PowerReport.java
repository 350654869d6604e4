package aegis.hal.api.registry;

import java.util.List;

/**
 * The outcome of a suspend or resume of one device (with its children) or of the whole system.
 *
 * @param operation {@code suspend} or {@code resume}
 * @param ok        whether every step succeeded; after a failed suspend the devices already
 *                  suspended have been resumed again (the steps show it)
 * @param steps     the steps in the order they ran
 */
public record PowerReport(String operation, boolean ok, List<Step> steps) {
    /** Copies the list. */
    public PowerReport {
        steps = List.copyOf(steps);
    }

    /**
     * One callback of a power operation.
     *
     * @param deviceId      the device
     * @param action        {@code suspend}, {@code resume} or {@code unwind-resume}
     * @param ok            whether it succeeded
     * @param error         the failure, or {@code ""}
     * @param durationNanos how long the callback took
     */
    public record Step(String deviceId, String action, boolean ok, String error, long durationNanos) {
    }
}
