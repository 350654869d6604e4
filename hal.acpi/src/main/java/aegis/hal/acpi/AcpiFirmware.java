package aegis.hal.acpi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's ACPI firmware as this bundle read it: tables, decoded bodies, the namespace and its
 * devices. Registered as a service by the {@code aegis.hal.acpi} bundle once it has read the
 * tables; thread-safe.
 */
@ProviderType
public interface AcpiFirmware {
    /**
     * Returns the latest reading. Never blocks and never throws: a reading that could not see
     * the tables (no permission, no ACPI) holds no tables and says why in
     * {@link AcpiSnapshot#problems()}.
     *
     * @return the latest snapshot
     */
    AcpiSnapshot snapshot();
}
