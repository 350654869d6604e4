package aegis.hal.cpu;

import java.util.List;
import java.util.Objects;

/**
 * One cache instance, as the kernel describes it under
 * {@code /sys/devices/system/cpu/cpuN/cache/indexM}. Instances are identified by level, type and
 * id; CPUs that share the instance are listed in {@link #sharedCpus()}. Immutable, thread-safe.
 *
 * @param name                  {@code L1d}, {@code L1i}, {@code L2}, {@code L3}, ... (level plus
 *                              {@code d} for data, {@code i} for instruction caches, as lscpu names them)
 * @param level                 the cache level, 1 and up
 * @param type                  {@code Data}, {@code Instruction} or {@code Unified}
 * @param id                    the kernel's cache id, or a number made up from the sharing map when
 *                              the kernel gives none
 * @param sizeBytes             the size of this instance in bytes, 0 if unknown
 * @param ways                  the associativity, 0 if unknown
 * @param lineSize              the coherency line size in bytes, 0 if unknown
 * @param sets                  the number of sets, 0 if unknown
 * @param physicalLinePartition the physical line partition, 0 if unknown
 * @param sharedCpus            the logical CPUs sharing this instance, ascending
 */
public record CacheInfo(String name, int level, String type, int id, long sizeBytes, int ways, int lineSize,
        int sets, int physicalLinePartition, List<Integer> sharedCpus) {
    /** Validates and copies the components. */
    public CacheInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        sharedCpus = List.copyOf(sharedCpus);
    }

    /** @return {@code name#id}, unique among the instances of a host, for example {@code L2#1} */
    public String key() {
        return name + "#" + id;
    }
}
