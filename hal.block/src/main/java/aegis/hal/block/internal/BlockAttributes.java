package aegis.hal.block.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import aegis.hal.api.error.HalException;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

/**
 * The sysfs attributes of one block device, {@code /sys/hal/block/<name>/...}: the values of
 * {@link BlockDeviceInfo#sysfsAttributes()} (the snapshot the subsystem registered the device with;
 * a rescan that sees a change registers the device and its attributes again) and
 * {@code partition_table} for whole devices, read from the device on every read. All read-only, all
 * bound to the device's devfs path ({@code /dev/block/<name>}), so a read needs READ on that node.
 * OSGi-free; the attributes are immutable and thread-safe.
 */
final class BlockAttributes {
    /** The directory of the block attributes. */
    static final String ROOT = "/sys/hal/block/";
    /** The value of {@code partition_table} for a device without a recognised table. */
    static final String NO_TABLE = "none";

    /** Reads the partition table of a target (the subsystem's {@code partitionTable(target, 0)}). */
    @FunctionalInterface
    interface TableReader {
        /**
         * @param target a devfs path {@code /dev/block/<name>}
         * @return its table, or empty
         * @throws HalException when the device cannot be opened or its table is corrupt
         */
        Optional<PartitionTable> read(String target) throws HalException;
    }

    private record Kind(AttributeType type, String unit, String description) {
    }

    /** Type, unit and description of each name {@link BlockDeviceInfo#sysfsAttributes()} may give. */
    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("size_bytes", new Kind(AttributeType.INTEGER, "bytes", "size of the device")),
            Map.entry("logical_block_size", new Kind(AttributeType.INTEGER, "bytes",
                    "logical block (sector) size; 0 for a loop device with nothing attached")),
            Map.entry("physical_block_size", new Kind(AttributeType.INTEGER, "bytes",
                    "physical block size; 0 for a loop device with nothing attached")),
            Map.entry("rotational", new Kind(AttributeType.BOOLEAN, "", "whether the device says it is rotational")),
            Map.entry("removable", new Kind(AttributeType.BOOLEAN, "", "whether the device is removable")),
            Map.entry("read_only", new Kind(AttributeType.BOOLEAN, "", "whether the device is read-only")),
            Map.entry("type", new Kind(AttributeType.ENUM, "", "lsblk's TYPE: disk, part, loop or rom")),
            Map.entry("dev", new Kind(AttributeType.STRING, "", "major:minor")),
            Map.entry("model", new Kind(AttributeType.STRING, "", "model, empty if the host does not say")),
            Map.entry("serial", new Kind(AttributeType.STRING, "", "serial number, empty if the host does not say")),
            Map.entry("vendor", new Kind(AttributeType.STRING, "", "vendor, empty if the host does not say")),
            Map.entry("revision", new Kind(AttributeType.STRING, "", "device revision, empty if the host does not say")),
            Map.entry("wwid", new Kind(AttributeType.STRING, "", "world-wide id (a partition shows its disk's)")),
            Map.entry("transport", new Kind(AttributeType.STRING, "", "nvme, sata, usb or empty (lsblk's TRAN)")),
            Map.entry("partition", new Kind(AttributeType.INTEGER, "", "partition number")),
            Map.entry("start_sector", new Kind(AttributeType.INTEGER, "sectors",
                    "first sector of the partition, in 512-byte units as the kernel counts")),
            Map.entry("partition_name", new Kind(AttributeType.STRING, "", "GPT partition name, or empty")),
            Map.entry("backing_file", new Kind(AttributeType.STRING, "", "the file attached to the loop device")));

    private BlockAttributes() {
    }

    /**
     * @param name a kernel block device name
     * @return the attribute directory of that device, {@code /sys/hal/block/<name>}
     */
    static String directory(String name) {
        return ROOT + name;
    }

    /**
     * Builds the attributes of a device.
     *
     * @param d      the scanned device
     * @param tables reads partition tables, for {@code partition_table}
     * @return the attributes, in the order of {@link BlockDeviceInfo#sysfsAttributes()}, then
     *         {@code partition_table} (whole devices only)
     * @throws IllegalArgumentException if the device name is not a valid sysfs path segment (the
     *                                  message says which character)
     */
    static List<Attribute> of(BlockDeviceInfo d, TableReader tables) {
        String dir = directory(d.name());
        String devfs = d.devfsPath();
        List<Attribute> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : d.sysfsAttributes().entrySet()) {
            Kind k = KINDS.get(e.getKey());
            if (k == null) {
                throw new IllegalStateException("no sysfs type for block attribute " + e.getKey());
            }
            AttributeSpec.Builder b = AttributeSpec.builder(dir + "/" + e.getKey(), k.type()).unit(k.unit())
                    .device(devfs).description(k.description());
            if (k.type() == AttributeType.ENUM) {
                b.allowed("disk", "part", "loop", "rom");
            }
            out.add(new Fixed(b.build(), value(e.getValue())));
        }
        if (!d.isPartition()) {
            AttributeSpec spec = AttributeSpec.builder(dir + "/partition_table", AttributeType.ENUM)
                    .allowed("gpt", "dos", NO_TABLE).device(devfs)
                    .description("partition table on the device (gpt, dos or none), read from the device on each read")
                    .build();
            out.add(new Attribute() {
                @Override
                public AttributeSpec spec() {
                    return spec;
                }

                @Override
                public Object read() throws HalException {
                    return tables.read(devfs).map(t -> t.scheme().label()).orElse(NO_TABLE);
                }
            });
        }
        return out;
    }

    /** Integers as {@code Long}, the Java type of INTEGER; the rest as they are. */
    private static Object value(Object v) {
        return v instanceof Integer i ? Long.valueOf(i.longValue()) : v;
    }

    /** An attribute whose value is the snapshot the device was registered with. */
    private record Fixed(AttributeSpec spec, Object value) implements Attribute {
        @Override
        public Object read() {
            return value;
        }
    }
}
