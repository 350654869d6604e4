package aegis.hal.block.partition;

import java.util.Map;

/**
 * Names of common MBR partition type bytes, worded as util-linux words them. Stateless,
 * thread-safe.
 */
public final class MbrTypes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x01, "FAT12"),
            Map.entry(0x04, "FAT16 <32M"),
            Map.entry(0x05, "Extended"),
            Map.entry(0x06, "FAT16"),
            Map.entry(0x07, "HPFS/NTFS/exFAT"),
            Map.entry(0x0b, "W95 FAT32"),
            Map.entry(0x0c, "W95 FAT32 (LBA)"),
            Map.entry(0x0e, "W95 FAT16 (LBA)"),
            Map.entry(0x0f, "W95 Ext'd (LBA)"),
            Map.entry(0x11, "Hidden FAT12"),
            Map.entry(0x14, "Hidden FAT16 <32M"),
            Map.entry(0x16, "Hidden FAT16"),
            Map.entry(0x17, "Hidden HPFS/NTFS"),
            Map.entry(0x1b, "Hidden W95 FAT32"),
            Map.entry(0x1c, "Hidden W95 FAT32 (LBA)"),
            Map.entry(0x1e, "Hidden W95 FAT16 (LBA)"),
            Map.entry(0x27, "Hidden NTFS WinRE"),
            Map.entry(0x42, "SFS"),
            Map.entry(0x82, "Linux swap / Solaris"),
            Map.entry(0x83, "Linux"),
            Map.entry(0x85, "Linux extended"),
            Map.entry(0x86, "NTFS volume set"),
            Map.entry(0x88, "Linux plaintext"),
            Map.entry(0x8e, "Linux LVM"),
            Map.entry(0xa5, "FreeBSD"),
            Map.entry(0xa6, "OpenBSD"),
            Map.entry(0xa8, "Darwin UFS"),
            Map.entry(0xa9, "NetBSD"),
            Map.entry(0xaf, "HFS / HFS+"),
            Map.entry(0xbf, "Solaris"),
            Map.entry(0xda, "Non-FS data"),
            Map.entry(0xea, "Linux extended boot"),
            Map.entry(0xee, "GPT"),
            Map.entry(0xef, "EFI (FAT-12/16/32)"),
            Map.entry(0xfb, "VMware VMFS"),
            Map.entry(0xfc, "VMware VMKCORE"),
            Map.entry(0xfd, "Linux raid autodetect"));

    private MbrTypes() {
    }

    /**
     * @param type a type byte (0-255)
     * @return its name, or {@code ""} when the table does not know it
     */
    public static String name(int type) {
        return NAMES.getOrDefault(type, "");
    }

    /**
     * @param type a type byte
     * @return whether it marks an extended partition (0x05, 0x0f, 0x85), whose space holds a chain of
     *         extended boot records
     */
    public static boolean isExtended(int type) {
        return type == 0x05 || type == 0x0f || type == 0x85;
    }

    /** @return every known type byte with its name */
    public static Map<Integer, String> all() {
        return NAMES;
    }
}
