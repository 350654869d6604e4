package aegis.hal.acpi;

/**
 * The Windows ACPI Emulated Devices Table (signature {@code WAET}). Immutable and thread-safe.
 *
 * @param flags bit 0: the RTC needs no interrupt acknowledge; bit 1: the PM timer is good after one read
 */
public record Waet(long flags) implements TableBody {
}
