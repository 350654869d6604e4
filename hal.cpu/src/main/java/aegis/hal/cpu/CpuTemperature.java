package aegis.hal.cpu;

import java.util.Objects;

/**
 * A CPU temperature reading from a hwmon sensor or a thermal zone. Immutable, thread-safe.
 *
 * @param source  where it was read, for example {@code hwmon2/temp1} or {@code thermal_zone0}
 * @param label   the sensor's label or type, for example {@code Tctl} or {@code x86_pkg_temp}
 * @param celsius the temperature in degrees Celsius
 */
public record CpuTemperature(String source, String label, double celsius) {
    /** Validates the components. */
    public CpuTemperature {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
    }
}
