package aegis.hal.block;

/**
 * Names of the properties the block subsystem puts on its {@code Device} services (besides the
 * well-known {@code model}, {@code serial}, {@code vendor} and {@code host.path}), for drivers to match
 * on without touching the host.
 */
public final class BlockProperties {
    /** The kernel name ({@code nvme0n1}). */
    public static final String NAME = "block.name";
    /** lsblk's TYPE: {@code disk}, {@code part}, {@code loop}, {@code rom}. */
    public static final String TYPE = "block.type";
    /** The transport: {@code nvme}, {@code sata}, {@code usb}, or absent. */
    public static final String TRANSPORT = "block.transport";
    /** Size in bytes ({@code Long}). */
    public static final String SIZE_BYTES = "block.size_bytes";
    /** Logical block size in bytes ({@code Integer}). */
    public static final String LOGICAL_BLOCK_SIZE = "block.logical_block_size";
    /** Physical block size in bytes ({@code Integer}). */
    public static final String PHYSICAL_BLOCK_SIZE = "block.physical_block_size";
    /** Whether rotational ({@code Boolean}). */
    public static final String ROTATIONAL = "block.rotational";
    /** Whether removable ({@code Boolean}). */
    public static final String REMOVABLE = "block.removable";
    /** Whether read-only ({@code Boolean}). */
    public static final String READ_ONLY = "block.read_only";
    /** {@code major:minor}. */
    public static final String MAJOR_MINOR = "block.dev";
    /** A partition's number ({@code Integer}); absent for whole devices. */
    public static final String PARTITION = "block.partition";
    /** The host device node ({@code /dev/nvme0n1}). */
    public static final String DEV_NODE = "block.devnode";

    private BlockProperties() {
    }
}
