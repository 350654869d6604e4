package aegis.hal.cpu;

import java.util.List;
import java.util.Objects;

/**
 * A cpufreq policy ({@code /sys/devices/system/cpu/cpufreq/policyN}). Frequencies are in kHz, as the
 * kernel gives them; a value the kernel does not give is -1. Immutable, thread-safe.
 *
 * @param policy             the policy directory name, for example {@code policy0}
 * @param affectedCpus       the online CPUs the policy controls
 * @param relatedCpus        all CPUs the policy controls, online or not
 * @param driver             {@code scaling_driver}
 * @param governor           {@code scaling_governor}
 * @param availableGovernors {@code scaling_available_governors}
 * @param hardwareMinKHz     {@code cpuinfo_min_freq}
 * @param hardwareMaxKHz     {@code cpuinfo_max_freq}
 * @param minKHz             {@code scaling_min_freq}
 * @param maxKHz             {@code scaling_max_freq}
 * @param currentKHz         {@code scaling_cur_freq}
 */
public record CpuFreqPolicy(String policy, List<Integer> affectedCpus, List<Integer> relatedCpus, String driver,
        String governor, List<String> availableGovernors, long hardwareMinKHz, long hardwareMaxKHz, long minKHz,
        long maxKHz, long currentKHz) {
    /** What is shown instead of numbers when the kernel has no cpufreq driver. */
    public static final String NO_DRIVER = "no cpufreq driver";

    /** Validates and copies the components. */
    public CpuFreqPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(governor, "governor");
        affectedCpus = List.copyOf(affectedCpus);
        relatedCpus = List.copyOf(relatedCpus);
        availableGovernors = List.copyOf(availableGovernors);
    }
}
