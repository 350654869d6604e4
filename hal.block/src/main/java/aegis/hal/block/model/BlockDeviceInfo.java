package aegis.hal.block.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One block device (a disk, a partition, a loop or zram device) as sysfs describes it. Immutable.
 * Text fields are {@code ""} when the host does not say; model, serial and vendor are trimmed of the
 * padding that SCSI and NVMe keep.
 *
 * @param name              the kernel name ({@code nvme0n1}, {@code nvme0n1p1}, {@code loop0})
 * @param parent            the disk's name for a partition, else {@code ""}
 * @param type              as lsblk's TYPE: {@code disk}, {@code part}, {@code loop} or {@code rom}
 * @param majorMinor        {@code major:minor}
 * @param sizeBytes         the size in bytes
 * @param logicalBlockSize  the logical block (sector) size in bytes; 0 for a loop device with nothing
 *                          attached (only its name, dev and size are read)
 * @param physicalBlockSize the physical block size in bytes; 0 for a loop device with nothing attached
 * @param rotational        whether the device says it is rotational
 * @param removable         whether it is removable (a partition inherits its disk's flag, as do
 *                          the block sizes and the rotational flag, which only a disk's queue has)
 * @param readOnly          whether it is read-only
 * @param model             the model, or {@code ""}
 * @param serial            the serial number, or {@code ""}
 * @param vendor            the vendor, or {@code ""}
 * @param revision          the device revision ({@code device/rev}), or {@code ""}
 * @param wwid              the world-wide id the block device reports ({@code wwid}; a partition
 *                          carries its disk's, as lsblk shows it), or {@code ""}
 * @param transport         {@code nvme}, {@code sata}, {@code usb} or {@code ""} (as lsblk's TRAN)
 * @param partitionNumber   the partition number, 0 for a whole device
 * @param startSector       a partition's first sector in 512-byte units (as sysfs), else 0
 * @param partitionName     a GPT partition's name as the kernel read it ({@code PARTNAME}), or {@code ""}
 * @param backingFile       a loop device's backing file, or {@code ""}
 * @param sysfsPath         the host path of its sysfs directory ({@code /sys/devices/...})
 * @param devNode           the host device node ({@code /dev/nvme0n1})
 */
public record BlockDeviceInfo(String name, String parent, String type, String majorMinor, long sizeBytes,
        int logicalBlockSize, int physicalBlockSize, boolean rotational, boolean removable, boolean readOnly,
        String model, String serial, String vendor, String revision, String wwid, String transport,
        int partitionNumber, long startSector, String partitionName, String backingFile, String sysfsPath,
        String devNode) {
    /** Prefix of block device ids. */
    public static final String ID_PREFIX = "block:";
    /** Prefix of block devfs paths. */
    public static final String DEVFS_PREFIX = "/dev/block/";

    /** Validates the components and replaces {@code null} texts by {@code ""}. */
    public BlockDeviceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        parent = nz(parent);
        majorMinor = nz(majorMinor);
        model = nz(model);
        serial = nz(serial);
        vendor = nz(vendor);
        revision = nz(revision);
        wwid = nz(wwid);
        transport = nz(transport);
        partitionName = nz(partitionName);
        backingFile = nz(backingFile);
        sysfsPath = nz(sysfsPath);
        devNode = nz(devNode);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** @return the device id, {@code block:<name>} */
    public String id() {
        return ID_PREFIX + name;
    }

    /** @return the parent's device id, or {@code ""} for a whole device */
    public String parentId() {
        return parent.isEmpty() ? "" : ID_PREFIX + parent;
    }

    /** @return the devfs path, {@code /dev/block/<name>} */
    public String devfsPath() {
        return DEVFS_PREFIX + name;
    }

    /** @return whether this is a partition of another block device */
    public boolean isPartition() {
        return partitionNumber > 0;
    }

    /**
     * The attributes as the sysfs bundle will publish them under {@code /sys/hal/block/<name>/}
     * (the partition table attribute is read on demand and is not part of this snapshot).
     *
     * @return attribute name to value, in a stable order
     */
    public Map<String, Object> sysfsAttributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size_bytes", sizeBytes);
        m.put("logical_block_size", logicalBlockSize);
        m.put("physical_block_size", physicalBlockSize);
        m.put("rotational", rotational);
        m.put("removable", removable);
        m.put("read_only", readOnly);
        m.put("type", type);
        m.put("dev", majorMinor);
        m.put("model", model);
        m.put("serial", serial);
        m.put("vendor", vendor);
        m.put("revision", revision);
        m.put("wwid", wwid);
        m.put("transport", transport);
        if (isPartition()) {
            m.put("partition", partitionNumber);
            m.put("start_sector", startSector);
            m.put("partition_name", partitionName);
        }
        if (!backingFile.isEmpty()) {
            m.put("backing_file", backingFile);
        }
        return m;
    }
}
