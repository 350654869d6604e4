package aegis.hal.block.partition;

import java.util.Objects;

/**
 * One partition, as the table describes it. Immutable.
 *
 * @param number        the partition number, as the kernel and sfdisk number it (GPT: entry index
 *                      + 1; MBR: slot 1-4, logical partitions from 5 in chain order)
 * @param kind          the kind of slot
 * @param startLba      the first sector
 * @param sizeLba       the number of sectors
 * @param type          GPT: the type GUID in upper case; MBR: the type byte in lower-case hex
 *                      without leading zeros ({@code "83"}, {@code "c"}), as sfdisk prints it
 * @param typeName      a readable name of the type (the names of util-linux), or {@code ""}
 * @param uuid          GPT: the unique partition GUID in upper case; MBR: the PARTUUID the kernel
 *                      derives ({@code <disk id>-<nn>}, lower case)
 * @param name          the GPT partition name, or {@code ""}
 * @param attributes    GPT: the 64 attribute bits; MBR: the boot indicator byte
 * @param attributeText GPT: the attributes as sfdisk writes them ({@code "RequiredPartition"},
 *                      {@code "LegacyBIOSBootable GUID:60"}); MBR: {@code ""}
 * @param bootable      MBR: the boot indicator is 0x80; GPT: attribute bit 2 (legacy BIOS bootable)
 * @param entryOffset   the byte offset of the table entry on the device
 */
public record Partition(int number, PartitionKind kind, long startLba, long sizeLba, String type, String typeName,
        String uuid, String name, long attributes, String attributeText, boolean bootable, long entryOffset) {
    /** Validates the components. */
    public Partition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        typeName = typeName == null ? "" : typeName;
        uuid = uuid == null ? "" : uuid;
        name = name == null ? "" : name;
        attributeText = attributeText == null ? "" : attributeText;
    }

    /** @return the last sector ({@code startLba + sizeLba - 1}) */
    public long endLba() {
        return startLba + sizeLba - 1;
    }
}
