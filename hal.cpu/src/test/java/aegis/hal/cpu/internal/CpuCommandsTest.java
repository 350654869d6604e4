package aegis.hal.cpu.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.internal.CpuServiceImpl.WritePolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell commands on fixture trees: text, JSON, unknown ids, cpufreq. */
class CpuCommandsTest {
    private static CpuCommands commands(Path root, WritePolicy policy) {
        return new CpuCommands(new CpuServiceImpl(HostRoot.of(root), true, policy));
    }

    @SuppressWarnings("unchecked")
    @Test
    void jsonOutputsAreLscpusTables() throws Exception {
        Path root = Fixtures.host("qemu-nvme");
        CpuCommands c = commands(root, WritePolicy.OPEN);
        // -e --json has lscpu -e's rows (compared field by field in LscpuAgreementTest)
        Map<String, Object> e = (Map<String, Object>) Json.parse(c.cpu(true, true, false, ""));
        List<Object> oracle = (List<Object>) ((Map<String, Object>) Json.parse(
                Files.readString(root.resolve("oracle/lscpu-e.json")))).get("cpus");
        assertEquals(oracle.size(), ((List<Object>) e.get("cpus")).size());
        Map<String, Object> caches = (Map<String, Object>) Json.parse(c.cpu(true, false, true, ""));
        List<Object> cOracle = (List<Object>) ((Map<String, Object>) Json.parse(
                Files.readString(root.resolve("oracle/lscpu-C.json")))).get("caches");
        assertEquals(cOracle.size(), ((List<Object>) caches.get("caches")).size());
        Map<String, Object> inv = (Map<String, Object>) Json.parse(c.cpu(true, false, false, ""));
        assertEquals(oracle.size(), ((List<Object>) ((Map<String, Object>) inv.get("inventory")).get("cpus")).size());
    }

    @Test
    void textSummaryShowsLscpuFields() throws Exception {
        Path root = Fixtures.host("firecracker");
        String text = commands(root, WritePolicy.OPEN).cpu(false, false, false, "");
        String oracle = Files.readString(root.resolve("oracle/lscpu.json"));
        for (String field : List.of("Vendor ID:", "Socket(s):", "L3 cache:", "Flags:")) {
            assertTrue(text.contains(field), field);
        }
        assertTrue(oracle.contains("\"32 MiB (1 instance)\"") && text.contains("32 MiB (1 instance)"), text);
        assertTrue(commands(root, WritePolicy.OPEN).cpu(false, true, false, "").startsWith("CPU CORE SOCKET NODE"));
    }

    @Test
    void oneCpuAndUnknownIds() {
        CpuCommands c = commands(Fixtures.host("qemu-q35"), WritePolicy.OPEN);
        String one = c.cpu(false, false, false, "cpu:1");
        assertTrue(one.contains("frequency_mhz") && one.contains(CpuFreqPolicy.NO_DRIVER), one);
        assertTrue(c.cpu(true, false, false, "1").contains("\"core_id\": 1"), c.cpu(true, false, false, "1"));
        assertTrue(c.cpu(false, false, false, "cpu9").contains("no CPU 9"), c.cpu(false, false, false, "cpu9"));
        assertTrue(c.cpu(false, false, false, "banana").contains("'banana' is not a CPU"));
        assertEquals("cpu0: " + CpuFreqPolicy.NO_DRIVER, c.cpufreq(false, "0"));
        assertTrue(c.cpufreq("0", "governor", "performance").contains(CpuFreqPolicy.NO_DRIVER));
    }

    @Test
    void cpufreqCommandsWriteThroughTheService(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("qemu-q35", tmp);
        CpuCommands c = commands(root, WritePolicy.OPEN);
        assertTrue(c.cpufreq(false, "0").contains("policy0"));
        assertTrue(c.cpufreq("0", "governor", "nope").startsWith("error: governor 'nope'"));
        assertEquals("cpu0: governor set to performance", c.cpufreq("0", "governor", "performance"));
        assertEquals("performance",
                Files.readString(root.resolve("sys/devices/system/cpu/cpufreq/policy0/scaling_governor")));
        assertTrue(c.cpufreq("0", "limits", 3_000_000L, 800_000L).startsWith("error: minimum"));
        assertTrue(commands(root, WritePolicy.AUTHORIZER).cpufreq("0", "governor", "powersave")
                .contains("needs ADMIN and WRITE"));
    }
}
