package aegis.hal.acpi;

import java.util.List;

/**
 * The PCI Express memory-mapped configuration table (signature {@code MCFG}). Immutable and
 * thread-safe.
 *
 * @param segments the ECAM regions, in table order
 */
public record Mcfg(List<Segment> segments) implements TableBody {
    /** Copies the list. */
    public Mcfg {
        segments = List.copyOf(segments);
    }

    /**
     * One ECAM region.
     *
     * @param baseAddress  the physical base address of the configuration space
     * @param segmentGroup the PCI segment group number
     * @param startBus     the first bus decoded
     * @param endBus       the last bus decoded
     */
    public record Segment(long baseAddress, int segmentGroup, int startBus, int endBus) {
    }
}
