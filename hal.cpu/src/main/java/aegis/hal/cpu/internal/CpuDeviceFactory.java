package aegis.hal.cpu.internal;

import java.util.ArrayList;
import java.util.List;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.cpu.CpuCore;
import aegis.hal.cpu.CpuDie;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuPackage;
import aegis.hal.cpu.LogicalCpu;

/**
 * Turns an inventory into the CPU device tree: packages ({@code cpu:package0}), dies
 * ({@code cpu:package0.die0}), cores ({@code cpu:package0.core0}, or {@code cpu:package0.die1.core0}
 * in a package with more than one die) and logical CPUs ({@code cpu:0}), parents before children.
 * Stateless, thread-safe.
 */
public final class CpuDeviceFactory {
    /** Property: the kind of CPU device: package, die, core or thread. */
    public static final String KIND = "cpu.kind";
    /** Property of a logical CPU: its number. */
    public static final String NUMBER = "cpu.number";

    private CpuDeviceFactory() {
    }

    /**
     * @param pkg a package id
     * @return its device id
     */
    public static String packageId(int pkg) {
        return "cpu:package" + pkg;
    }

    /**
     * @param pkg a package id
     * @param die a die id
     * @return its device id
     */
    public static String dieId(int pkg, int die) {
        return packageId(pkg) + ".die" + die;
    }

    /**
     * @param p    the package
     * @param core the core
     * @return its device id
     */
    public static String coreId(CpuPackage p, CpuCore core) {
        return p.dies().size() > 1 ? dieId(p.packageId(), core.dieId()) + ".core" + core.coreId()
                : packageId(p.packageId()) + ".core" + core.coreId();
    }

    /**
     * @param cpu a logical CPU number
     * @return its device id
     */
    public static String cpuId(int cpu) {
        return "cpu:" + cpu;
    }

    /**
     * @param inv an inventory
     * @return the devices, parents first
     */
    public static List<BasicDevice> devices(CpuInventory inv) {
        List<BasicDevice> out = new ArrayList<>();
        String vendor = inv.identity().vendor();
        String model = inv.identity().modelName();
        java.util.Map<Integer, String> parentOf = new java.util.HashMap<>();
        for (CpuPackage p : inv.packages()) {
            out.add(common(BasicDevice.builder(packageId(p.packageId()), DeviceClass.CPU), vendor, model)
                    .property(KIND, "package").property("cpu.package_id", p.packageId())
                    .property("cpu.cpus", p.cpus()).build());
            for (CpuDie d : p.dies()) {
                String die = dieId(p.packageId(), d.dieId());
                out.add(common(BasicDevice.builder(die, DeviceClass.CPU), vendor, model).parent(packageId(p.packageId()))
                        .property(KIND, "die").property("cpu.package_id", p.packageId())
                        .property("cpu.die_id", d.dieId()).build());
                for (CpuCore c : d.cores()) {
                    String core = coreId(p, c);
                    out.add(common(BasicDevice.builder(core, DeviceClass.CPU), vendor, model).parent(die)
                            .property(KIND, "core").property("cpu.package_id", p.packageId())
                            .property("cpu.die_id", d.dieId()).property("cpu.core_id", c.coreId())
                            .property("cpu.cpus", c.cpus()).build());
                    c.cpus().forEach(n -> parentOf.put(n, core));
                }
            }
        }
        for (LogicalCpu c : inv.cpus()) {
            List<String> caches = new ArrayList<>();
            c.caches().forEach((name, id) -> caches.add(name + "#" + id));
            out.add(common(BasicDevice.builder(cpuId(c.number()), DeviceClass.CPU), vendor, model)
                    .parent(parentOf.get(c.number()))
                    .property(KIND, "thread").property(NUMBER, c.number()).property("cpu.online", c.online())
                    .property("cpu.package_id", c.packageId()).property("cpu.die_id", c.dieId())
                    .property("cpu.core_id", c.coreId()).property("cpu.node", c.node())
                    .property("cpu.caches", caches)
                    .property(Device.HOST_PATH, CpuInventoryReader.CPU_DIR + "/cpu" + c.number()).build());
        }
        return out;
    }

    private static BasicDevice.Builder common(BasicDevice.Builder b, String vendor, String model) {
        return b.property(Device.VENDOR, vendor.isEmpty() ? null : vendor)
                .property(Device.MODEL, model.isEmpty() ? null : model);
    }
}
