package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuInventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's variants: threads, kernels without cache ids. */
class CpuInventoryReaderTest {
    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme", "/"})
    void parallelReadEqualsSequentialRead(String host) throws Exception {
        HostRoot root = HostRoot.of(host.equals("/") ? Path.of("/") : Fixtures.host(host));
        CpuInventoryReader reader = new CpuInventoryReader(root);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CpuInventory sequential = reader.read();
            for (int tasks = 2; tasks <= 4; tasks++) {
                assertEquals(sequential, reader.read(pool, tasks), host + " with " + tasks + " tasks");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-nvme"})
    void withoutCacheIdsInstancesComeFromTheSharingMaps(String host, @TempDir Path tmp) throws Exception {
        // older kernels have no cache/indexN/id: lscpu then numbers instances by their sharing maps;
        // on these hosts the kernel's ids are exactly that numbering, so the recorded lscpu output
        // must still agree
        Fixtures.copyTree(Fixtures.host(host), tmp);
        try (Stream<Path> s = Files.walk(tmp.resolve("sys/devices/system/cpu"))) {
            List<Path> ids = s.filter(p -> p.getFileName().toString().equals("id")
                    && p.getParent().getFileName().toString().startsWith("index")).toList();
            assertTrue(ids.size() >= 8);
            for (Path p : ids) {
                Files.delete(p);
            }
        }
        CpuInventoryReader reader = new CpuInventoryReader(HostRoot.of(tmp));
        CpuInventory inv = reader.read();
        Path oracle = Fixtures.host(host).resolve("oracle");
        LscpuOracle.assertSummary(inv, reader.vulnerabilities(), Files.readString(oracle.resolve("lscpu.json")), host);
        LscpuOracle.assertCpuTable(inv, Files.readString(oracle.resolve("lscpu-e.json")), host);
        LscpuOracle.assertCacheTable(inv, Files.readString(oracle.resolve("lscpu-C.json")), host);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertEquals(inv, reader.read(pool, 3));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sys/devices/system/cpu/cpu1/topology/core_id", "sys/devices/system/cpu/cpu0/cache/index2/size",
        "sys/devices/system/cpu/cpu1/cache/index0/shared_cpu_list", "sys/devices/system/cpu/online", "proc/cpuinfo"})
    void garbageNamesTheFile(String file, @TempDir Path tmp) throws Exception {
        Fixtures.copyTree(Fixtures.host("qemu-nvme"), tmp);
        Files.writeString(tmp.resolve(file), "\u0000garbage: \u00ff\n  \n zz\n");
        aegis.hal.api.error.HalException e = org.junit.jupiter.api.Assertions.assertThrows(
                aegis.hal.api.error.HalException.class, () -> new CpuInventoryReader(HostRoot.of(tmp)).read());
        assertEquals(aegis.hal.api.error.ErrorCode.BAD_FORMAT, e.code());
        assertTrue(e.getMessage().startsWith("/" + file + ": "), e.getMessage());
        // the same error from a read spread over threads: the first failure in CPU order
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int tasks = 2; tasks <= 4; tasks++) {
                int t = tasks;
                aegis.hal.api.error.HalException p = org.junit.jupiter.api.Assertions.assertThrows(
                        aegis.hal.api.error.HalException.class,
                        () -> new CpuInventoryReader(HostRoot.of(tmp)).read(pool, t));
                assertEquals(e.getMessage(), p.getMessage(), tasks + " tasks");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serviceReadsWithItsOwnThreadsAndStopsThem() throws Exception {
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(Fixtures.host("qemu-nvme")), false,
                CpuServiceImpl.WritePolicy.READ_ONLY, 3);
        try {
            assertEquals(new CpuInventoryReader(HostRoot.of(Fixtures.host("qemu-nvme"))).read(), s.refresh());
        } finally {
            s.close();
        }
        // after close, reads still work, on the calling thread
        assertEquals(new CpuInventoryReader(HostRoot.of(Fixtures.host("qemu-nvme"))).read(), s.refresh());
    }
}
