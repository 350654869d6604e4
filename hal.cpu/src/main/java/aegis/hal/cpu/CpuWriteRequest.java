package aegis.hal.cpu;

import java.util.Objects;

/**
 * A change of a CPU setting that a {@link CpuWriteAuthorizer} is asked to allow. Immutable,
 * thread-safe.
 *
 * @param cpu       the CPU number named by the caller
 * @param attribute the setting: {@code scaling_governor}, {@code scaling_min_freq} or
 *                  {@code scaling_max_freq}
 * @param value     the value to be written
 */
public record CpuWriteRequest(int cpu, String attribute, String value) {
    /** Validates the components. */
    public CpuWriteRequest {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
    }
}
