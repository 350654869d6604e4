package aegis.hal.cpu;

import java.util.List;

/**
 * A die of a package. Kernels without a die level report one die 0 per package. Immutable,
 * thread-safe.
 *
 * @param packageId the package it belongs to
 * @param dieId     the kernel's {@code die_id}
 * @param cores     its cores, by core id
 */
public record CpuDie(int packageId, int dieId, List<CpuCore> cores) {
    /** Copies the components. */
    public CpuDie {
        cores = List.copyOf(cores);
    }
}
