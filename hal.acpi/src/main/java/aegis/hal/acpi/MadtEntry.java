package aegis.hal.acpi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One interrupt controller structure of the {@link Madt}. Each record carries the byte offset of
 * the structure in the table. Immutable and thread-safe.
 */
@ProviderType
public sealed interface MadtEntry {
    /** @return the structure type byte */
    int type();

    /** @return the byte offset of the structure in the table */
    int offset();

    /**
     * Processor Local APIC (type 0).
     *
     * @param offset      byte offset in the table
     * @param processorId ACPI processor UID
     * @param apicId      local APIC id
     * @param flags       bit 0 enabled, bit 1 online capable
     */
    record LocalApic(int offset, int processorId, int apicId, long flags) implements MadtEntry {
        @Override
        public int type() {
            return 0;
        }

        /** @return whether the processor is enabled */
        public boolean enabled() {
            return (flags & 1) != 0;
        }
    }

    /**
     * I/O APIC (type 1).
     *
     * @param offset  byte offset in the table
     * @param ioApicId its id
     * @param address its physical address
     * @param gsiBase the first global system interrupt it serves
     */
    record IoApic(int offset, int ioApicId, long address, long gsiBase) implements MadtEntry {
        @Override
        public int type() {
            return 1;
        }
    }

    /**
     * Interrupt Source Override (type 2).
     *
     * @param offset byte offset in the table
     * @param bus    the bus (0 = ISA)
     * @param source the bus-relative interrupt source (IRQ)
     * @param gsi    the global system interrupt it maps to
     * @param flags  MPS INTI flags (bits 0-1 polarity, bits 2-3 trigger mode)
     */
    record InterruptSourceOverride(int offset, int bus, int source, long gsi, int flags) implements MadtEntry {
        @Override
        public int type() {
            return 2;
        }
    }

    /**
     * Non-maskable interrupt source (type 3).
     *
     * @param offset byte offset in the table
     * @param flags  MPS INTI flags
     * @param gsi    the global system interrupt of the NMI
     */
    record NmiSource(int offset, int flags, long gsi) implements MadtEntry {
        @Override
        public int type() {
            return 3;
        }
    }

    /**
     * Local APIC NMI (type 4).
     *
     * @param offset      byte offset in the table
     * @param processorId ACPI processor UID (0xFF = all)
     * @param flags       MPS INTI flags
     * @param lint        the LINTn input the NMI is connected to
     */
    record LocalApicNmi(int offset, int processorId, int flags, int lint) implements MadtEntry {
        @Override
        public int type() {
            return 4;
        }
    }

    /**
     * Local APIC Address Override (type 5).
     *
     * @param offset  byte offset in the table
     * @param address the 64-bit local APIC address
     */
    record LocalApicAddressOverride(int offset, long address) implements MadtEntry {
        @Override
        public int type() {
            return 5;
        }
    }

    /**
     * Processor Local x2APIC (type 9).
     *
     * @param offset    byte offset in the table
     * @param x2apicId  the x2APIC id
     * @param flags     bit 0 enabled, bit 1 online capable
     * @param processorUid ACPI processor UID
     */
    record LocalX2Apic(int offset, long x2apicId, long flags, long processorUid) implements MadtEntry {
        @Override
        public int type() {
            return 9;
        }
    }

    /**
     * Local x2APIC NMI (type 10).
     *
     * @param offset       byte offset in the table
     * @param flags        MPS INTI flags
     * @param processorUid ACPI processor UID (0xFFFFFFFF = all)
     * @param lint         the LINTn input
     */
    record LocalX2ApicNmi(int offset, int flags, long processorUid, int lint) implements MadtEntry {
        @Override
        public int type() {
            return 10;
        }
    }

    /**
     * A structure of a type not decoded here, kept as bytes.
     *
     * @param offset byte offset in the table
     * @param type   its type byte
     * @param length its length byte
     * @param hex    its bytes as upper-case hex pairs separated by blanks
     */
    record Raw(int offset, int type, int length, String hex) implements MadtEntry {
    }
}
