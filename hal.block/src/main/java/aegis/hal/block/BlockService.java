package aegis.hal.block;

import java.util.List;
import java.util.Optional;

import aegis.hal.api.error.HalException;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The block subsystem: lists the host's block devices, reads partition tables and opens sector I/O
 * handles. Registered as a service by the {@code aegis.hal.block} bundle. Reads go through the
 * host root (the live host or a fixture tree). All methods are thread-safe.
 *
 * <p>A <em>target</em> names what to read: a block device name ({@code loop0}), its devfs path
 * ({@code /dev/block/loop0}), a host device node ({@code /dev/loop0}, resolved in the host root) or
 * the path of an image file.
 */
@ProviderType
public interface BlockService {
    /**
     * Reads the block devices from the host now: each disk followed by its partitions (in number
     * order), disks sorted by name.
     *
     * @return the devices
     * @throws HalException {@code IO} if {@code /sys/block} cannot be read
     */
    List<BlockDeviceInfo> devices() throws HalException;

    /**
     * @param name a kernel name ({@code nvme0n1p1}) or device id ({@code block:nvme0n1p1})
     * @return that device, if the host has it now
     * @throws HalException {@code IO} if sysfs cannot be read
     */
    Optional<BlockDeviceInfo> device(String name) throws HalException;

    /**
     * Reads the partition table of a target.
     *
     * @param target     a target as described above
     * @param sectorSize the logical sector size to read an image file with; 0 to guess (a GPT header
     *                   at byte 4096 means 4096, else 512); ignored for block devices, whose size
     *                   comes from BLKSSZGET
     * @return the table, or empty if the target holds no recognised table
     * @throws HalException {@code NOT_FOUND} for an unknown target, {@code BAD_FORMAT}
     *                      ({@link aegis.hal.block.partition.PartitionTableException}) for a corrupt
     *                      table, {@code IO} if the host refuses to open or read it
     */
    Optional<PartitionTable> partitionTable(String target, int sectorSize) throws HalException;

    /**
     * Opens a target for sector I/O.
     *
     * @param target     a target as described above
     * @param mode       read-only or read-write
     * @param sectorSize the logical sector size for an image file; 0 to guess as
     *                   {@link #partitionTable}; ignored for block devices
     * @return an open handle; the caller closes it
     * @throws HalException {@code NOT_FOUND} for an unknown target, {@code INVALID_ARGUMENT} for a bad
     *                      sector size, {@code IO} if the host refuses to open it (for example
     *                      EPERM on a locked disk, even for root), {@code UNSUPPORTED} if a block
     *                      device's size cannot be queried
     */
    BlockHandle open(String target, OpenMode mode, int sectorSize) throws HalException;
}
