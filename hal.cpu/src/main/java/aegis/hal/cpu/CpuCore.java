package aegis.hal.cpu;

import java.util.List;

/**
 * A physical core: the logical CPUs (threads) that share it. Immutable, thread-safe.
 *
 * @param packageId the package it belongs to
 * @param dieId     the die it belongs to
 * @param coreId    the kernel's {@code core_id}
 * @param cpus      its logical CPUs, ascending
 */
public record CpuCore(int packageId, int dieId, int coreId, List<Integer> cpus) {
    /** Copies the components. */
    public CpuCore {
        cpus = List.copyOf(cpus);
    }
}
