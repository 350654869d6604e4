package aegis.hal.block.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.Partition;
import aegis.hal.block.partition.PartitionKind;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.partition.Scheme;

/**
 * The shapes of {@code hal:lsblk} and {@code hal:partitions}: maps keyed like {@code lsblk --json -b}
 * and {@code sfdisk --json} (so scripts written for those tools read ours), plus text tables. Pure
 * functions; thread-safe.
 */
public final class BlockFormat {
    private BlockFormat() {
    }

    /**
     * Whether lsblk shows a device without {@code --all}: it hides loop devices with nothing attached
     * (size 0).
     *
     * @param d a device
     * @return whether it is listed by default
     */
    public static boolean listedByDefault(BlockDeviceInfo d) {
        return !(d.type().equals("loop") && d.sizeBytes() == 0);
    }

    /**
     * @param devices    disks and partitions as {@link aegis.hal.block.BlockService#devices()} lists them
     * @param all        include empty loop devices
     * @param attributes driver-provided attributes by device id (may be empty)
     * @return {@code {"blockdevices": [...]}} with partitions under their disk's {@code children}
     */
    public static Map<String, Object> lsblk(List<BlockDeviceInfo> devices, boolean all,
            Function<String, Map<String, Object>> attributes) {
        List<Map<String, Object>> top = new ArrayList<>();
        Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
        for (BlockDeviceInfo d : devices) {
            if (!d.isPartition() && !all && !listedByDefault(d)) {
                continue;
            }
            Map<String, Object> m = lsblkEntry(d, attributes.apply(d.id()));
            if (d.isPartition()) {
                List<Map<String, Object>> c = children.get(d.parent());
                if (c != null) {
                    c.add(m);
                }
            } else {
                List<Map<String, Object>> c = new ArrayList<>();
                children.put(d.name(), c);
                m.put("children", c);
                top.add(m);
            }
        }
        top.forEach(m -> {
            if (((List<?>) m.get("children")).isEmpty()) {
                m.remove("children");
            }
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("blockdevices", top);
        return root;
    }

    private static Map<String, Object> lsblkEntry(BlockDeviceInfo d, Map<String, Object> driverAttributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("id", d.id());
        m.put("maj:min", d.majorMinor());
        m.put("rm", d.removable());
        m.put("size", d.sizeBytes());
        m.put("ro", d.readOnly());
        m.put("type", d.type());
        m.put("log-sec", d.logicalBlockSize());
        m.put("phy-sec", d.physicalBlockSize());
        m.put("rota", d.rotational());
        m.put("model", orNull(d.model()));
        m.put("serial", orNull(d.serial()));
        m.put("vendor", orNull(d.vendor()));
        m.put("rev", orNull(d.revision()));
        m.put("wwn", orNull(d.wwid()));
        m.put("tran", orNull(d.transport()));
        m.put("start", d.isPartition() ? d.startSector() : null);
        m.put("partn", d.isPartition() ? d.partitionNumber() : null);
        m.put("partlabel", orNull(d.partitionName()));
        m.put("pkname", orNull(d.parent()));
        m.put("back-file", orNull(d.backingFile()));
        m.put("devfs", d.devfsPath());
        m.put("sysfs", d.sysfsPath());
        if (driverAttributes != null && !driverAttributes.isEmpty()) {
            m.put("driver-attributes", driverAttributes);
        }
        return m;
    }

    private static Object orNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /**
     * @param devices    as for {@link #lsblk}
     * @param all        include empty loop devices
     * @return an lsblk-like text table
     */
    public static String lsblkText(List<BlockDeviceInfo> devices, boolean all) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "MAJ:MIN", "RM", "SIZE", "RO", "TYPE", "LOG-SEC", "PHY-SEC", "ROTA", "TRAN",
            "MODEL", "SERIAL"});
        List<BlockDeviceInfo> shown = new ArrayList<>();
        for (BlockDeviceInfo d : devices) {
            if (d.isPartition() ? shown.stream().anyMatch(s -> s.name().equals(d.parent()))
                    : all || listedByDefault(d)) {
                shown.add(d);
            }
        }
        for (int i = 0; i < shown.size(); i++) {
            BlockDeviceInfo d = shown.get(i);
            String name = d.name();
            if (d.isPartition()) {
                boolean last = i + 1 >= shown.size() || !shown.get(i + 1).isPartition();
                name = (last ? "└─" : "├─") + name;
            }
            rows.add(new String[] {name, d.majorMinor(), d.removable() ? "1" : "0", Long.toString(d.sizeBytes()),
                d.readOnly() ? "1" : "0", d.type(), Integer.toString(d.logicalBlockSize()),
                Integer.toString(d.physicalBlockSize()), d.rotational() ? "1" : "0", d.transport(), d.model(),
                d.serial()});
        }
        return table(rows, new boolean[] {false, false, true, true, true, false, true, true, true, false, false, false});
    }

    /**
     * @param t      a table
     * @param device the name to show as sfdisk's {@code device} (the target as given)
     * @return {@code {"partitiontable": {...}}} keyed as {@code sfdisk --json}, with our additions
     *         ({@code usedbackup}, {@code warnings}, per partition {@code number}, {@code kind},
     *         {@code typename}) after sfdisk's keys
     */
    public static Map<String, Object> sfdisk(PartitionTable t, String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", t.scheme().label());
        m.put("id", t.id());
        m.put("device", device);
        m.put("unit", "sectors");
        if (t.scheme() == Scheme.GPT) {
            m.put("firstlba", t.firstUsableLba());
            m.put("lastlba", t.lastUsableLba());
        }
        m.put("sectorsize", t.sectorSize());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Partition p : t.partitions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", node(device, p.number()));
            e.put("start", p.startLba());
            e.put("size", p.sizeLba());
            e.put("type", p.type());
            if (t.scheme() == Scheme.GPT) {
                e.put("uuid", p.uuid());
                if (!p.name().isEmpty()) {
                    e.put("name", p.name());
                }
                if (!p.attributeText().isEmpty()) {
                    e.put("attrs", p.attributeText());
                }
            } else if (p.bootable()) {
                e.put("bootable", true);
            }
            e.put("number", p.number());
            e.put("kind", p.kind());
            e.put("typename", p.typeName());
            parts.add(e);
        }
        m.put("partitions", parts);
        m.put("usedbackup", t.usedBackup());
        m.put("warnings", t.warnings());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("partitiontable", m);
        return root;
    }

    /**
     * @param t      a table
     * @param device the target as given
     * @return text in the form of {@code sfdisk --dump}, warnings as {@code #} comments
     */
    public static String sfdiskText(PartitionTable t, String device) {
        StringBuilder sb = new StringBuilder();
        sb.append("label: ").append(t.scheme().label()).append('\n');
        sb.append("label-id: ").append(t.id()).append('\n');
        sb.append("device: ").append(device).append('\n');
        sb.append("unit: sectors\n");
        if (t.scheme() == Scheme.GPT) {
            sb.append("first-lba: ").append(t.firstUsableLba()).append('\n');
            sb.append("last-lba: ").append(t.lastUsableLba()).append('\n');
        }
        sb.append("sector-size: ").append(t.sectorSize()).append("\n\n");
        for (Partition p : t.partitions()) {
            sb.append(node(device, p.number())).append(" : ")
                    .append(String.format("start=%12d, size=%12d, type=%s", p.startLba(), p.sizeLba(), p.type()));
            if (t.scheme() == Scheme.GPT) {
                sb.append(", uuid=").append(p.uuid());
                if (!p.name().isEmpty()) {
                    sb.append(", name=\"").append(p.name().replace("\"", "\\\"")).append('"');
                }
                if (!p.attributeText().isEmpty()) {
                    sb.append(", attrs=\"").append(p.attributeText()).append('"');
                }
            } else if (p.bootable()) {
                sb.append(", bootable");
            }
            if (!p.typeName().isEmpty() || p.kind() != PartitionKind.GPT) {
                sb.append("   # ").append(p.kind() == PartitionKind.GPT ? "" : p.kind().name().toLowerCase() + " ")
                        .append(p.typeName());
            }
            sb.append('\n');
        }
        for (String w : t.warnings()) {
            sb.append("# warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param device a device or image name
     * @param number a partition number
     * @return the partition's node name as sfdisk and the kernel form it ({@code sda1},
     *         {@code nvme0n1p1}: a {@code p} goes between a trailing digit and the number)
     */
    public static String node(String device, int number) {
        boolean digit = !device.isEmpty() && Character.isDigit(device.charAt(device.length() - 1));
        return device + (digit ? "p" : "") + number;
    }

    static String table(List<String[]> rows, boolean[] rightAligned) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String f = "%" + (rightAligned[i] ? "" : "-") + w[i] + "s";
                line.append(String.format(f, r[i])).append(i + 1 < cols ? " " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
