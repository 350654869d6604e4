package aegis.hal.acpi;

/**
 * The Firmware ACPI Control Structure (signature {@code FACS}; it has no checksum and no standard
 * header). Immutable and thread-safe.
 *
 * @param hardwareSignature      the hardware configuration signature
 * @param firmwareWakingVector   the 32-bit waking vector
 * @param globalLock             the global lock word
 * @param flags                  FACS flags (bit 0 S4BIOS, bit 1 64-bit wake supported)
 * @param xFirmwareWakingVector  the 64-bit waking vector
 * @param version                the FACS version
 * @param ospmFlags              OSPM-enabled flags
 */
public record Facs(long hardwareSignature, long firmwareWakingVector, long globalLock, long flags,
        long xFirmwareWakingVector, int version, long ospmFlags) implements TableBody {
}
