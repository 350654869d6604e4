package aegis.hal.cpu.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuTemperature;

/**
 * Finds CPU temperatures: hwmon devices of CPU sensor drivers and CPU thermal zones. Sensors that
 * cannot be read or parsed are skipped (a temperature is a best-effort reading). Thread-safe.
 */
public final class TemperatureReader {
    /** hwmon {@code name}s of CPU temperature drivers. */
    static final Set<String> CPU_HWMON = Set.of("coretemp", "k10temp", "k8temp", "zenpower", "via_cputemp",
            "cpu_thermal", "fam15h_power");

    private final HostRoot host;

    /** @param host the host root */
    public TemperatureReader(HostRoot host) {
        this.host = host;
    }

    /** @return the readings, empty when the host has no CPU sensor */
    public List<CpuTemperature> read() {
        List<CpuTemperature> out = new ArrayList<>();
        for (String hw : list("/sys/class/hwmon")) {
            String dir = "/sys/class/hwmon/" + hw;
            Optional<String> name = host.readOptional(dir + "/name");
            if (name.isEmpty() || !CPU_HWMON.contains(name.get().strip())) {
                continue;
            }
            for (String f : list(dir)) {
                if (f.startsWith("temp") && f.endsWith("_input")) {
                    String base = f.substring(0, f.length() - "_input".length());
                    millis(dir + "/" + f).ifPresent(c -> out.add(new CpuTemperature(hw + "/" + base,
                            host.readOptional(dir + "/" + base + "_label").orElse(name.get().strip()), c)));
                }
            }
        }
        for (String tz : list("/sys/class/thermal")) {
            if (!tz.startsWith("thermal_zone")) {
                continue;
            }
            String dir = "/sys/class/thermal/" + tz;
            Optional<String> type = host.readOptional(dir + "/type");
            if (type.isEmpty()) {
                continue;
            }
            String t = type.get().strip();
            if (t.equals("x86_pkg_temp") || t.contains("cpu")) {
                millis(dir + "/temp").ifPresent(c -> out.add(new CpuTemperature(tz, t, c)));
            }
        }
        return out;
    }

    private Optional<Double> millis(String path) {
        Optional<String> v = host.readOptional(path);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get().strip()) / 1000.0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<String> list(String dir) {
        try {
            return host.list(dir);
        } catch (IOException e) {
            return List.of();
        }
    }
}
