package aegis.hal.cpu;

import java.util.List;
import java.util.Optional;

/**
 * A consistent snapshot of the host's processors: identity, logical CPUs, the package/die/core
 * tree, cache instances, NUMA nodes and features. Immutable, thread-safe.
 *
 * @param identity the CPU identity
 * @param possible the CPUs the kernel can ever bring up ({@code possible}), ascending
 * @param present  the CPUs present ({@code present}), ascending
 * @param online   the CPUs online ({@code online}), ascending
 * @param cpus     the logical CPUs that have a {@code cpuN} directory, by number
 * @param packages the packages, by id (offline CPUs without topology are in none)
 * @param caches   the cache instances, by name and then in the order the CPUs list them
 * @param nodes    the NUMA nodes, by number (empty on kernels without NUMA)
 * @param features flags, bugs and vulnerabilities
 */
public record CpuInventory(CpuIdentity identity, List<Integer> possible, List<Integer> present,
        List<Integer> online, List<LogicalCpu> cpus, List<CpuPackage> packages, List<CacheInfo> caches,
        List<NumaNode> nodes, CpuFeatures features) {
    /** Copies the components. */
    public CpuInventory {
        possible = List.copyOf(possible);
        present = List.copyOf(present);
        online = List.copyOf(online);
        cpus = List.copyOf(cpus);
        packages = List.copyOf(packages);
        caches = List.copyOf(caches);
        nodes = List.copyOf(nodes);
    }

    /**
     * @param number a CPU number
     * @return that logical CPU, if it has a directory
     */
    public Optional<LogicalCpu> cpu(int number) {
        for (LogicalCpu c : cpus) {
            if (c.number() == number) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a cache name such as {@code L2}
     * @param id   a cache id
     * @return that cache instance, if any
     */
    public Optional<CacheInfo> cache(String name, int id) {
        for (CacheInfo c : caches) {
            if (c.name().equals(name) && c.id() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
