package aegis.hal.acpi;

/**
 * The High Precision Event Timer table (signature {@code HPET}). Immutable and thread-safe.
 *
 * @param hardwareBlockId   the event timer block id (vendor, comparator count, ...)
 * @param address           where the timer block's registers are
 * @param sequenceNumber    the HPET number
 * @param minimumClockTicks the minimum clock tick in periodic mode
 * @param flags             page protection and OEM attributes
 */
public record Hpet(long hardwareBlockId, GenericAddress address, int sequenceNumber, int minimumClockTicks,
        int flags) implements TableBody {
}
