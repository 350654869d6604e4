package aegis.hal.cpu;

import java.util.List;

/**
 * A NUMA node and its CPUs ({@code /sys/devices/system/node/nodeN/cpulist}). Immutable, thread-safe.
 *
 * @param node the node number
 * @param cpus its CPUs, ascending
 */
public record NumaNode(int node, List<Integer> cpus) {
    /** Copies the components. */
    public NumaNode {
        cpus = List.copyOf(cpus);
    }
}
