package aegis.hal.cpu;

import java.util.List;
import java.util.Map;

/**
 * One logical CPU (a hardware thread) as the kernel numbers it ({@code cpuN}). Ids that the kernel
 * does not give (an offline CPU has no topology) are -1. Immutable, thread-safe.
 *
 * @param number         the kernel's CPU number N of {@code cpuN}
 * @param online         whether the CPU is online
 * @param packageId      {@code topology/physical_package_id}, -1 if unknown
 * @param dieId          {@code topology/die_id}, 0 when the kernel has no die level, -1 if unknown
 * @param coreId         {@code topology/core_id}, -1 if unknown
 * @param node           the NUMA node, -1 if unknown
 * @param threadSiblings the CPUs of the same core ({@code thread_siblings_list}), ascending
 * @param packageCpus    the CPUs with the same {@code physical_package_id} (the kernel's
 *                       {@code package_cpus_list}), ascending
 * @param caches         the cache instances of this CPU: name to {@link CacheInfo#id()}, by name
 */
public record LogicalCpu(int number, boolean online, int packageId, int dieId, int coreId,
        int node, List<Integer> threadSiblings, List<Integer> packageCpus, Map<String, Integer> caches) {
    /** Copies the components. */
    public LogicalCpu {
        threadSiblings = List.copyOf(threadSiblings);
        packageCpus = List.copyOf(packageCpus);
        caches = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(caches));
    }
}
