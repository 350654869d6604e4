package aegis.hal.cpu.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CpuTimes;
import aegis.hal.cpu.internal.Fixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /proc/cpuinfo and /proc/stat of the fixture hosts, and garbage. */
class CpuInfoParserTest {
    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void oneBlockPerCpuDirectory(String host) throws Exception {
        Path root = Fixtures.host(host);
        List<Map<String, String>> procs = CpuInfoParser.processors(
                CpuInfoParser.parse(Files.readString(root.resolve("proc/cpuinfo")), "cpuinfo"));
        List<Integer> online = CpuList.parse(Files.readString(root.resolve("sys/devices/system/cpu/online")), "online");
        assertEquals(online.size(), procs.size());
        for (int i = 0; i < procs.size(); i++) {
            assertEquals(online.get(i), Integer.valueOf(procs.get(i).get("processor")));
            // cpuinfo's "core id"/"physical id" equal sysfs topology of the same CPU
            String topo = "sys/devices/system/cpu/cpu" + online.get(i) + "/topology/";
            assertEquals(Files.readString(root.resolve(topo + "core_id")).strip(), procs.get(i).get("core id"));
            assertEquals(Files.readString(root.resolve(topo + "physical_package_id")).strip(),
                    procs.get(i).get("physical id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void procStatHasAggregateAndOneLinePerOnlineCpu(String host) throws Exception {
        Path root = Fixtures.host(host);
        List<CpuTimes> times = ProcStatParser.parse(Files.readString(root.resolve("proc/stat")), "stat");
        List<Integer> online = CpuList.parse(Files.readString(root.resolve("sys/devices/system/cpu/online")), "online");
        assertEquals(-1, times.get(0).cpu());
        assertEquals(online.size() + 1, times.size());
        long sum = 0;
        for (int i = 1; i < times.size(); i++) {
            assertEquals(online.get(i - 1), times.get(i).cpu());
            sum += times.get(i).user();
        }
        // the aggregate line is the sum of the per-CPU lines (kernel invariant, up to ticks in flight)
        assertTrue(Math.abs(times.get(0).user() - sum) <= online.size(), host + ": " + times.get(0).user() + " vs " + sum);
    }

    @Test
    void lineWithoutColonNamesLineAndOffset() {
        String text = "processor\t: 0\nvendor_id\t: X\ngarbage here\n";
        HalException e = assertThrows(HalException.class, () -> CpuInfoParser.parse(text, "/proc/cpuinfo"));
        assertTrue(e.getMessage().contains("/proc/cpuinfo") && e.getMessage().contains("line 3")
                && e.getMessage().contains("byte offset " + text.indexOf("garbage")), e.getMessage());
    }

    @Test
    void badStatCounterNamesLineAndOffset() {
        String text = "cpu  1 2 3 4\ncpu0 1 x 3 4\n";
        HalException e = assertThrows(HalException.class, () -> ProcStatParser.parse(text, "/proc/stat"));
        assertTrue(e.getMessage().contains("/proc/stat") && e.getMessage().contains("line 2")
                && e.getMessage().contains("byte offset 13"), e.getMessage());
    }
}
