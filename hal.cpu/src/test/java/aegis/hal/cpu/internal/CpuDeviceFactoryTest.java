package aegis.hal.cpu.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuInventory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The device tree of each fixture host against the topology its recorded lscpu reports. */
class CpuDeviceFactoryTest {
    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void treeMatchesLscpuTopology(String host) throws Exception {
        CpuInventory inv = new CpuInventoryReader(HostRoot.of(Fixtures.host(host))).read();
        List<BasicDevice> devices = CpuDeviceFactory.devices(inv);

        Map<String, String> summary = new HashMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) Json.parse(Files.readString(
                Fixtures.host(host).resolve("oracle/lscpu.json")))).get("lscpu")) {
            Map<String, Object> f = (Map<String, Object>) o;
            summary.put((String) f.get("field"), (String) f.get("data"));
        }
        int sockets = Integer.parseInt(summary.get("Socket(s):"));
        int coresPerSocket = Integer.parseInt(summary.get("Core(s) per socket:"));
        int cpus = Integer.parseInt(summary.get("CPU(s):"));

        Map<String, Integer> kinds = new HashMap<>();
        Map<String, BasicDevice> byId = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (BasicDevice d : devices) {
            assertEquals(DeviceClass.CPU, d.deviceClass());
            assertTrue(seen.add(d.id()), "duplicate id " + d.id());
            d.parentId().ifPresent(p -> assertTrue(seen.contains(p), d.id() + ": parent " + p + " not registered before"));
            kinds.merge((String) d.properties().get(CpuDeviceFactory.KIND), 1, Integer::sum);
            byId.put(d.id(), d);
        }
        assertEquals(sockets, kinds.get("package"), host + " packages");
        assertEquals(sockets * coresPerSocket, kinds.get("core"), host + " cores");
        assertEquals(cpus, kinds.get("thread"), host + " logical CPUs");

        // each logical CPU hangs below core -> die -> package, and its package is lscpu's socket
        List<Object> rows = (List<Object>) ((Map<String, Object>) Json.parse(Files.readString(
                Fixtures.host(host).resolve("oracle/lscpu-e.json")))).get("cpus");
        for (Object o : rows) {
            Map<String, Object> r = (Map<String, Object>) o;
            BasicDevice cpu = byId.get("cpu:" + r.get("cpu"));
            BasicDevice core = byId.get(cpu.parentId().orElseThrow());
            BasicDevice die = byId.get(core.parentId().orElseThrow());
            BasicDevice pkg = byId.get(die.parentId().orElseThrow());
            assertEquals("core", core.properties().get(CpuDeviceFactory.KIND));
            assertEquals("die", die.properties().get(CpuDeviceFactory.KIND));
            assertEquals("cpu:package" + r.get("socket"), pkg.id());
            assertTrue(pkg.parentId().isEmpty());
            assertEquals(summary.get("Vendor ID:"), cpu.properties().get("vendor"));
            assertEquals("/sys/devices/system/cpu/cpu" + r.get("cpu"), cpu.properties().get("host.path"));
        }
    }
}
