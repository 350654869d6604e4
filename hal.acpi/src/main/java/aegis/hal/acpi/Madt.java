package aegis.hal.acpi;

import java.util.List;

/**
 * The Multiple APIC Description Table (signature {@code APIC}). Immutable and thread-safe.
 *
 * @param localApicAddress the physical address of the local APICs
 * @param flags            the MADT flags (bit 0: PC-AT compatible dual 8259)
 * @param entries          the interrupt controller structures in table order; types this bundle
 *                         does not decode are kept as {@link MadtEntry.Raw}
 */
public record Madt(long localApicAddress, long flags, List<MadtEntry> entries) implements TableBody {
    /** Copies the list. */
    public Madt {
        entries = List.copyOf(entries);
    }

    /**
     * @param <T>  the entry type
     * @param type the record class of the entries wanted
     * @return the entries of that type, in table order
     */
    public <T extends MadtEntry> List<T> entries(Class<T> type) {
        return entries.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
