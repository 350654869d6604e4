package aegis.hal.benchmarks.registry;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading 4 KiB through a devfs handle (capability check, binding check under the node's read lock,
 * the bound driver's read) against reading the same 4 KiB of the same file through a FileChannel
 * directly, same run. The device is a simulated device backed by that file, opened by the devfs
 * bundle's own (trusted) instance. Goal: at most 1.5x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DevfsReadBenchmark {
    private static final int SIZE = 1 << 20;

    private EmbeddedRuntime runtime;
    private Path file;
    private FileChannel channel;
    private Object handle;
    private Method read;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer buf2 = ByteBuffer.allocateDirect(4096);
    private long offset;

    @Setup(Level.Trial)
    public void start() throws Exception {
        file = Files.createTempFile("aegis-devfs-bench", ".img");
        byte[] data = new byte[SIZE];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        runtime = EmbeddedRuntime.start(EmbeddedRuntime.HAL, Map.of());
        Object registry = runtime.registry();
        // one simulated device backed by the file, through ConfigAdmin like a user would
        Object cm = runtime.service("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> cmClass = runtime.bundle("org.apache.felix.configadmin").loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object cfg = cmClass.getMethod("getFactoryConfiguration", String.class, String.class, String.class)
                .invoke(cm, "aegis.hal.sim", "bench", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("prefix", "bench");
        p.put("count", 1);
        p.put("properties", new String[] { "sim.backing=" + file, "sim.readonly=true" });
        cfg.getClass().getMethod("update", Dictionary.class).invoke(cfg, p);
        Class<?> reg = runtime.apiClass("aegis.hal.api.registry.DeviceRegistry");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runtime.countActive(registry) < 1 && System.nanoTime() < end) {
            runtime.awaitSettled(registry, Duration.ofSeconds(1));
            Thread.onSpinWait();
        }
        // devfs's own instance is trusted (the administrator's console uses the same)
        Object devfs = runtime.serviceOf("aegis.hal.devfs", "aegis.hal.devfs.DevFs");
        Class<?> devfsClass = runtime.bundle("aegis.hal.devfs").loadClass("aegis.hal.devfs.DevFs");
        Class<?> perm = runtime.bundle("aegis.hal.capability").loadClass("aegis.hal.capability.api.Permission");
        Object perms = java.lang.reflect.Array.newInstance(perm, 1);
        java.lang.reflect.Array.set(perms, 0, perm.getField("READ").get(null));
        handle = devfsClass.getMethod("open", String.class, perms.getClass()).invoke(devfs, "/dev/sim/bench0", perms);
        Class<?> handleClass = runtime.bundle("aegis.hal.devfs").loadClass("aegis.hal.devfs.Handle");
        read = handleClass.getMethod("read", long.class, ByteBuffer.class);
        if (reg == null) {
            throw new IllegalStateException();
        }
    }

    @Benchmark
    public int devfsHandle() throws Exception {
        buf.clear();
        offset = (offset + 4096) & (SIZE - 1);
        return (Integer) read.invoke(handle, offset, buf);
    }

    @Benchmark
    public int fileChannel() throws Exception {
        buf2.clear();
        offset = (offset + 4096) & (SIZE - 1);
        return channel.read(buf2, offset);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        runtime.close();
        channel.close();
        Files.deleteIfExists(file);
    }
}
