package aegis.hal.acpi;

import java.util.Optional;

/**
 * The Fixed ACPI Description Table (signature {@code FACP}), decoded as far as its length reaches
 * (revision-aware: ACPI 1.0 fields always, ACPI 2.0+ extended addresses, the ACPI 5 sleep
 * registers and the ACPI 6 hypervisor id only when the table is long enough). The PM register
 * blocks are the effective ones: the 64-bit {@code X_} block when present, else the legacy
 * 32-bit I/O block with its length. Immutable and thread-safe.
 *
 * @param revision       the table revision (header)
 * @param minorRevision  the FADT minor revision (ACPI 5.1+), 0 when absent
 * @param facs           the 32-bit FACS address
 * @param dsdt           the 32-bit DSDT address
 * @param xFacs          the 64-bit FACS address, 0 when absent
 * @param xDsdt          the 64-bit DSDT address, 0 when absent
 * @param pmProfile      the preferred power-management profile (0 unspecified, 1 desktop, 2 mobile, ...)
 * @param sciInterrupt   the SCI interrupt
 * @param smiCommand     the SMI command port
 * @param acpiEnable     the value written to the SMI port to enable ACPI
 * @param acpiDisable    the value written to the SMI port to disable ACPI
 * @param pm1aEvent      PM1a event register block
 * @param pm1bEvent      PM1b event register block
 * @param pm1aControl    PM1a control register block
 * @param pm1bControl    PM1b control register block
 * @param pm2Control     PM2 control register block
 * @param pmTimer        PM timer register block
 * @param gpe0           GPE0 register block
 * @param gpe1           GPE1 register block
 * @param gpe1Base       the GPE number where GPE1 starts
 * @param bootFlags      IA-PC boot architecture flags
 * @param flags          the fixed feature flags (see {@link #hardwareReduced()})
 * @param resetRegister  the reset register, when the table has it
 * @param resetValue     the value to write to the reset register
 * @param armBootFlags   ARM boot architecture flags
 * @param sleepControl   the sleep control register (ACPI 5+), when the table has it
 * @param sleepStatus    the sleep status register (ACPI 5+), when the table has it
 * @param hypervisorId   the hypervisor vendor id (ACPI 6+), when the table has it
 */
public record Fadt(int revision, int minorRevision, long facs, long dsdt, long xFacs, long xDsdt, int pmProfile,
        int sciInterrupt, long smiCommand, int acpiEnable, int acpiDisable, GenericAddress pm1aEvent,
        GenericAddress pm1bEvent, GenericAddress pm1aControl, GenericAddress pm1bControl,
        GenericAddress pm2Control, GenericAddress pmTimer, GenericAddress gpe0, GenericAddress gpe1, int gpe1Base,
        int bootFlags, long flags, Optional<GenericAddress> resetRegister, int resetValue, int armBootFlags,
        Optional<GenericAddress> sleepControl, Optional<GenericAddress> sleepStatus, Optional<Long> hypervisorId)
        implements TableBody {

    /** Flag bit: hardware-reduced ACPI (no fixed hardware, no legacy PM blocks). */
    public static final long FLAG_HW_REDUCED = 1L << 20;
    /** Flag bit: low-power S0 idle is better than S3. */
    public static final long FLAG_LOW_POWER_S0 = 1L << 21;
    /** Flag bit: the reset register is supported. */
    public static final long FLAG_RESET_REG_SUP = 1L << 10;

    /** @return whether the platform is hardware-reduced ACPI (flag bit 20) */
    public boolean hardwareReduced() {
        return (flags & FLAG_HW_REDUCED) != 0;
    }

    /** @return the DSDT address to use: {@link #xDsdt()} when set, else {@link #dsdt()} */
    public long dsdtAddress() {
        return xDsdt != 0 ? xDsdt : dsdt;
    }

    /** @return the PM profile's name as iasl prints it, for example {@code Desktop} */
    public String pmProfileName() {
        return pmProfileName(pmProfile);
    }

    /**
     * @param profile a PM profile number
     * @return its name as iasl prints it, or {@code Unknown Profile Type}
     */
    public static String pmProfileName(int profile) {
        return switch (profile) {
            case 0 -> "Unspecified";
            case 1 -> "Desktop";
            case 2 -> "Mobile";
            case 3 -> "Workstation";
            case 4 -> "Enterprise Server";
            case 5 -> "SOHO Server";
            case 6 -> "Appliance PC";
            case 7 -> "Performance Server";
            case 8 -> "Tablet";
            default -> "Unknown Profile Type";
        };
    }
}
