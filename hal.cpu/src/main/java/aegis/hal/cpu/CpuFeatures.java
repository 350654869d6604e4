package aegis.hal.cpu;

import java.util.List;

/**
 * The feature flags and bugs the kernel reports in {@code /proc/cpuinfo} (of the first processor,
 * as lscpu does). The vulnerability status is read separately, by
 * {@link CpuService#vulnerabilities()}. Immutable, thread-safe.
 *
 * @param flags the {@code flags} words, in the kernel's order
 * @param bugs  the {@code bugs} words, in the kernel's order
 */
public record CpuFeatures(List<String> flags, List<String> bugs) {
    /** Copies the components. */
    public CpuFeatures {
        flags = List.copyOf(flags);
        bugs = List.copyOf(bugs);
    }

    /**
     * @param flag a flag name as the kernel prints it, for example {@code avx2}
     * @return whether the CPU has it
     */
    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
