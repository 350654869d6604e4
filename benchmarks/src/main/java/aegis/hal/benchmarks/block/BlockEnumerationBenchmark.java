package aegis.hal.benchmarks.block;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.internal.SysfsBlockScanner;
import aegis.hal.block.model.BlockDeviceInfo;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Enumerating the live host's disks with their partitions: hal.block's sysfs scan against OSHI 7.5.0's
 * {@code getDiskStores()} with partitions, in the same run. Goal: hal.block at most half of OSHI's
 * time. Run: {@code java -jar benchmarks/target/benchmarks.jar 'block.BlockEnumeration' -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockEnumerationBenchmark {
    private final SysfsBlockScanner scanner = new SysfsBlockScanner(HostRoot.of(Path.of("/")));
    private final HardwareAbstractionLayer hal = new SystemInfo().getHardware();

    /**
     * hal.block: every disk (size, block sizes, flags, model, serial, transport) and its partitions,
     * read fresh from sysfs.
     *
     * @param bh sink
     * @throws HalException if the host cannot be read
     */
    @Benchmark
    public void halBlock(Blackhole bh) throws HalException {
        List<BlockDeviceInfo> devices = scanner.scan();
        for (BlockDeviceInfo d : devices) {
            bh.consume(d.sizeBytes());
        }
        bh.consume(devices);
    }

    /**
     * OSHI: a fresh list of disk stores (udev + sysfs) with their partitions.
     *
     * @param bh sink
     */
    @Benchmark
    public void oshi(Blackhole bh) {
        List<HWDiskStore> disks = hal.getDiskStores();
        for (HWDiskStore d : disks) {
            bh.consume(d.getSize());
            bh.consume(d.getPartitions());
        }
        bh.consume(disks);
    }
}
