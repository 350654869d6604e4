package aegis.hal.benchmarks.cpu;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.internal.CpuServiceImpl;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * Enumerating the live host's CPUs (topology, caches, feature flags) from scratch: hal.cpu's reader
 * against OSHI 7.5.0 doing the same, in the same run. Goal: hal.cpu at most half of OSHI's time.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar 'cpu.CpuEnumeration' -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CpuEnumerationBenchmark {
    private final HostRoot live = HostRoot.of(Path.of("/"));
    private CpuServiceImpl service;
    private CpuServiceImpl oneThread;

    /**
     * Starts the service as the runtime does (default configuration: readerThreads 0, that is
     * min(4, available processors) threads), and one that reads on the calling thread only.
     */
    @Setup
    public void setUp() {
        service = new CpuServiceImpl(live, false, CpuServiceImpl.WritePolicy.READ_ONLY, 0);
        oneThread = new CpuServiceImpl(live, false, CpuServiceImpl.WritePolicy.READ_ONLY, 1);
    }

    /** Stops the services' threads. */
    @TearDown
    public void tearDown() {
        service.close();
        oneThread.close();
    }

    /**
     * hal.cpu as the runtime uses it: {@code CpuService.refresh()} reads the whole inventory again
     * (logical CPUs, package/die/core tree, cache instances, NUMA nodes, identity, flags, bugs).
     *
     * @param bh sink
     * @throws HalException if the host cannot be read
     */
    @Benchmark
    public void halCpu(Blackhole bh) throws HalException {
        consume(bh, service.refresh());
    }

    /**
     * The same with {@code readerThreads=1}: everything on the calling thread.
     *
     * @param bh sink
     * @throws HalException if the host cannot be read
     */
    @Benchmark
    public void halCpuOneThread(Blackhole bh) throws HalException {
        consume(bh, oneThread.refresh());
    }

    private static void consume(Blackhole bh, CpuInventory inv) {
        bh.consume(inv.cpus());
        bh.consume(inv.packages());
        bh.consume(inv.caches());
        bh.consume(inv.features().flags());
    }

    /**
     * OSHI: a fresh processor with its logical and physical processors, caches and feature flags.
     *
     * @param bh sink
     */
    @Benchmark
    public void oshi(Blackhole bh) {
        CentralProcessor p = new SystemInfo().getHardware().getProcessor();
        bh.consume(p.getLogicalProcessors());
        bh.consume(p.getPhysicalProcessors());
        bh.consume(p.getProcessorCaches());
        bh.consume(p.getFeatureFlags());
    }
}
