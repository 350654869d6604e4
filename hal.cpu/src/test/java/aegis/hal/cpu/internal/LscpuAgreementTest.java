package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuInventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topology, caches and flags agree with lscpu: on every fixture host (against the lscpu outputs
 * recorded on that host) and on the live machine (against lscpu run now).
 */
class LscpuAgreementTest {
    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void fixtureHostAgreesWithRecordedLscpu(String host) throws Exception {
        Path root = Fixtures.host(host);
        CpuInventoryReader reader = new CpuInventoryReader(HostRoot.of(root));
        CpuInventory inv = reader.read();
        Path oracle = root.resolve("oracle");
        int fields = LscpuOracle.assertSummary(inv, reader.vulnerabilities(), Files.readString(oracle.resolve("lscpu.json")), host);
        int cells = LscpuOracle.assertCpuTable(inv, Files.readString(oracle.resolve("lscpu-e.json")), host);
        int cache = LscpuOracle.assertCacheTable(inv, Files.readString(oracle.resolve("lscpu-C.json")), host);
        // the comparison really covered topology, caches, flags and vulnerabilities
        assertTrue(fields >= 20, host + ": only " + fields + " summary fields compared");
        assertTrue(cells >= 12 && cache >= 36, host + ": " + cells + " CPU cells, " + cache + " cache cells");
    }

    @Test
    void liveHostAgreesWithLscpu() throws Exception {
        assumeTrue(lscpuAvailable(), "lscpu (util-linux) is not installed");
        CpuInventoryReader reader = new CpuInventoryReader(HostRoot.of(Path.of("/")));
        CpuInventory inv = reader.read();
        LscpuOracle.assertSummary(inv, reader.vulnerabilities(), run("lscpu", "--json"), "live");
        LscpuOracle.assertCpuTable(inv, run("lscpu", "-e=CPU,CORE,SOCKET,NODE,CACHE,ONLINE", "--json"), "live");
        LscpuOracle.assertCacheTable(inv, run("lscpu", "-C", "--json"), "live");
        assertTrue(Runtime.getRuntime().availableProcessors() <= inv.online().size(),
                "the JVM sees no more CPUs than are online");
    }

    static boolean lscpuAvailable() {
        try {
            return run("lscpu", "--version").contains("util-linux");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void vulnerabilityTextIsLscpus() throws HalException, IOException {
        // sysfs text of the firecracker fixture against its recorded lscpu line
        Path root = Fixtures.host("firecracker");
        String sysfs = Files.readString(root.resolve("sys/devices/system/cpu/vulnerabilities/spectre_v2")).strip();
        String lscpu = Files.readString(root.resolve("oracle/lscpu.json"));
        assertTrue(lscpu.contains("\"" + LscpuView.vulnText(sysfs) + "\""), LscpuView.vulnText(sysfs));
    }
}
