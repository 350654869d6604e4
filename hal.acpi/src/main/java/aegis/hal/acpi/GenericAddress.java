package aegis.hal.acpi;

/**
 * An ACPI Generic Address Structure: where a register lives. Immutable and thread-safe.
 *
 * @param spaceId     the address space (0 system memory, 1 system I/O, 2 PCI configuration, ...)
 * @param bitWidth    the register width in bits
 * @param bitOffset   the register's bit offset
 * @param accessSize  the encoded access size (0 legacy, 1 byte, 2 word, 3 dword, 4 qword)
 * @param address     the address in that space
 */
public record GenericAddress(int spaceId, int bitWidth, int bitOffset, int accessSize, long address) {
    /** The structure's size in bytes. */
    public static final int SIZE = 12;

    /** @return whether the structure names no register (address 0) */
    public boolean isEmpty() {
        return address == 0;
    }

    /** @return the address space's name as ACPICA prints it, for example {@code SystemIO} */
    public String spaceName() {
        return spaceName(spaceId);
    }

    /**
     * @param spaceId an address space id
     * @return its name as ACPICA prints it, or {@code Unknown}
     */
    public static String spaceName(int spaceId) {
        return switch (spaceId) {
            case 0 -> "SystemMemory";
            case 1 -> "SystemIO";
            case 2 -> "PCI_Config";
            case 3 -> "EmbeddedControl";
            case 4 -> "SMBus";
            case 5 -> "SystemCMOS";
            case 6 -> "PCIBARTarget";
            case 7 -> "IPMI";
            case 8 -> "GeneralPurposeIo";
            case 9 -> "GenericSerialBus";
            case 10 -> "PCC";
            case 0x7F -> "FunctionalFixedHW";
            default -> "Unknown";
        };
    }
}
