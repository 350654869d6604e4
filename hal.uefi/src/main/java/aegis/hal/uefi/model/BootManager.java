package aegis.hal.uefi.model;

import java.util.List;
import java.util.Optional;

/**
 * The boot manager variables: a snapshot taken at one moment.
 *
 * @param bootCurrent the option the firmware booted, if set
 * @param bootNext    the option to boot next time only, if set
 * @param timeout     the boot menu timeout in seconds, if set
 * @param bootOrder   the boot order; empty when not set ({@link #bootOrderSet()} tells which)
 * @param bootOrderSet whether a BootOrder variable exists
 * @param entries     every Boot#### variable, sorted by name as {@code efibootmgr} sorts them
 */
public record BootManager(Optional<Integer> bootCurrent, Optional<Integer> bootNext, Optional<Integer> timeout,
        List<Integer> bootOrder, boolean bootOrderSet, List<BootEntry> entries) {
    /** Copies the lists. */
    public BootManager {
        bootOrder = List.copyOf(bootOrder);
        entries = List.copyOf(entries);
    }
}
