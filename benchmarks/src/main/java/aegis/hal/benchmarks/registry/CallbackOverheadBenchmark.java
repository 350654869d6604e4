package aegis.hal.benchmarks.registry;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The registry's overhead per driver callback: {@code rebind} of one device runs three callbacks
 * (remove, match, probe) on registry workers under deadlines and waits for the outcome; the
 * baseline calls the same three methods of the same driver object directly. Same run, same
 * device, same driver; the ratio of the two scores is the overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallbackOverheadBenchmark {
    private EmbeddedRuntime runtime;
    private Object registry;
    private Object driver;
    private Object device;
    private Method rebind;
    private Method match;
    private Method probe;
    private Method remove;
    private ServiceRegistration<?> reg;

    @Setup(Level.Trial)
    public void start() throws Exception {
        runtime = EmbeddedRuntime.start(EmbeddedRuntime.HAL, Map.of());
        registry = runtime.registry();
        Class<?> basic = runtime.apiClass("aegis.hal.api.device.BasicDevice");
        Class<?> cls = runtime.apiClass("aegis.hal.api.device.DeviceClass");
        Object b = basic.getMethod("builder", String.class, cls).invoke(null, "sim:overhead0",
                cls.getField("SIM").get(null));
        device = b.getClass().getMethod("build").invoke(b);
        reg = runtime.context().registerService("aegis.hal.api.device.Device", device,
                (java.util.Dictionary<String, ?>) basic.getMethod("serviceProperties").invoke(device));
        runtime.awaitSettled(registry, Duration.ofSeconds(30));
        Class<?> reg = runtime.apiClass("aegis.hal.api.registry.DeviceRegistry");
        rebind = reg.getMethod("rebind", String.class);
        ServiceReference<?>[] refs = runtime.context().getAllServiceReferences("aegis.hal.api.driver.Driver",
                "(aegis.hal.driver.name=sim-generic)");
        driver = runtime.context().getService(refs[0]);
        Class<?> drv = runtime.apiClass("aegis.hal.api.driver.Driver");
        Class<?> dev = runtime.apiClass("aegis.hal.api.device.Device");
        match = drv.getMethod("match", dev);
        probe = drv.getMethod("probe", dev);
        remove = drv.getMethod("remove", dev);
    }

    /** remove + match + probe through the registry, waiting for the outcome. */
    @Benchmark
    public Object throughRegistry() throws Exception {
        return rebind.invoke(registry, "sim:overhead0");
    }

    /** The same three calls on the same driver object, directly (same reflection cost). */
    @Benchmark
    public Object direct() throws Exception {
        remove.invoke(driver, device);
        Object score = match.invoke(driver, device);
        probe.invoke(driver, device);
        return score;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        reg.unregister();
        runtime.close();
    }
}
