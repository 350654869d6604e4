package aegis.hal.acpi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The decoded body of a table whose layout this bundle knows: {@link Fadt}, {@link Madt},
 * {@link Mcfg}, {@link Hpet}, {@link Facs}, {@link Bgrt}, {@link Waet}. Other tables keep only
 * their header and raw bytes. Implementations are immutable records.
 */
@ProviderType
public sealed interface TableBody permits Fadt, Madt, Mcfg, Hpet, Facs, Bgrt, Waet {
}
