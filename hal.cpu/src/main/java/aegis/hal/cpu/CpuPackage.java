package aegis.hal.cpu;

import java.util.List;

/**
 * A physical package (socket). Immutable, thread-safe.
 *
 * @param packageId the kernel's {@code physical_package_id}
 * @param dies      its dies, by die id
 * @param cpus      all its logical CPUs, ascending
 */
public record CpuPackage(int packageId, List<CpuDie> dies, List<Integer> cpus) {
    /** Copies the components. */
    public CpuPackage {
        dies = List.copyOf(dies);
        cpus = List.copyOf(cpus);
    }
}
