package aegis.hal.block.nvme.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

/**
 * The sysfs attributes of one probed namespace, {@code /sys/hal/block/<name>/nvme/<attribute>}:
 * the values the probe read (model, serial, firmware revision, namespace id, controller, controller
 * id, subsystem NQN, transport), read-only and bound to the namespace's devfs node, so a read needs
 * READ on {@code /dev/block/<name>}. OSGi-free; the attributes are immutable and thread-safe.
 */
final class NvmeAttributes {
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            NvmeDriver.MODEL, "the controller's model number",
            NvmeDriver.SERIAL, "the controller's serial number",
            NvmeDriver.FIRMWARE_REV, "the controller's firmware revision",
            NvmeDriver.NSID, "the namespace id",
            NvmeDriver.CONTROLLER, "the controller's kernel name",
            NvmeDriver.CNTLID, "the controller id",
            NvmeDriver.SUBSYSNQN, "the NVMe subsystem's qualified name",
            NvmeDriver.TRANSPORT, "the controller's transport (pcie, tcp, rdma, fc, loop)");

    private NvmeAttributes() {
    }

    /**
     * @param name      the namespace's kernel name, such as {@code nvme0n1}
     * @param devfsPath its devfs node, such as {@code /dev/block/nvme0n1}
     * @param values    what the probe read, keyed by the driver's attribute names ({@code nvme.model}, ...)
     * @return one attribute per value, in the order of the values
     * @throws IllegalArgumentException if the name is not a valid sysfs path segment
     */
    static List<Attribute> of(String name, String devfsPath, Map<String, Object> values) {
        String dir = "/sys/hal/block/" + name + "/nvme/";
        List<Attribute> out = new ArrayList<>(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String attr = e.getKey().substring(e.getKey().indexOf('.') + 1);
            Object v = e.getValue();
            AttributeType type = v instanceof Integer ? AttributeType.INTEGER : AttributeType.STRING;
            Object value = v instanceof Integer i ? Long.valueOf(i.longValue()) : String.valueOf(v);
            AttributeSpec spec = AttributeSpec.builder(dir + attr, type).device(devfsPath)
                    .description(DESCRIPTIONS.getOrDefault(e.getKey(), e.getKey()) + " (from the NVMe driver's probe)")
                    .build();
            out.add(new Fixed(spec, value));
        }
        return out;
    }

    /** An attribute whose value is what the probe read. */
    private record Fixed(AttributeSpec spec, Object value) implements Attribute {
        @Override
        public Object read() {
            return value;
        }
    }
}
