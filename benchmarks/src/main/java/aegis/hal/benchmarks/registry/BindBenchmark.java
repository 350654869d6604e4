package aegis.hal.benchmarks.registry;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.ServiceRegistration;

/**
 * Binding N simulated devices from cold in the real runtime (Felix + SCR + the registry + the
 * generic simulated driver): register N Device services and wait until the registry has settled
 * with all N ACTIVE. Goal for N = 10,000: at most 1 s on a 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class BindBenchmark {
    @Param({ "10000" })
    int devices;

    private EmbeddedRuntime runtime;
    private Object registry;
    private final List<Object> prepared = new ArrayList<>();
    private final List<Dictionary<String, ?>> props = new ArrayList<>();
    private final List<ServiceRegistration<?>> regs = new ArrayList<>();

    @Setup(Level.Trial)
    public void start() throws Exception {
        runtime = EmbeddedRuntime.start(EmbeddedRuntime.HAL, Map.of());
        registry = runtime.registry();
        if (!runtime.awaitSettled(registry, Duration.ofSeconds(30))) {
            throw new IllegalStateException("runtime did not settle");
        }
    }

    @Setup(Level.Invocation)
    @SuppressWarnings("unchecked")
    public void prepare() throws Exception {
        prepared.clear();
        props.clear();
        Class<?> basic = runtime.apiClass("aegis.hal.api.device.BasicDevice");
        Class<?> cls = runtime.apiClass("aegis.hal.api.device.DeviceClass");
        Object sim = cls.getField("SIM").get(null);
        Method builder = basic.getMethod("builder", String.class, cls);
        Class<?> b = runtime.apiClass("aegis.hal.api.device.BasicDevice$Builder");
        Method build = b.getMethod("build");
        Method sp = basic.getMethod("serviceProperties");
        for (int i = 0; i < devices; i++) {
            Object d = build.invoke(builder.invoke(null, "sim:bench" + i, sim));
            prepared.add(d);
            props.add((Dictionary<String, ?>) sp.invoke(d));
        }
    }

    @Benchmark
    public long bindFromCold() throws Exception {
        for (int i = 0; i < prepared.size(); i++) {
            regs.add(runtime.context().registerService("aegis.hal.api.device.Device", prepared.get(i), props.get(i)));
        }
        if (!runtime.awaitSettled(registry, Duration.ofSeconds(60))) {
            throw new IllegalStateException("did not settle");
        }
        return regs.size();
    }

    @TearDown(Level.Invocation)
    public void unbindAll() throws Exception {
        long active = runtime.countActive(registry);
        if (active != devices) {
            throw new IllegalStateException("expected " + devices + " ACTIVE, saw " + active);
        }
        for (ServiceRegistration<?> r : regs) {
            r.unregister();
        }
        regs.clear();
        runtime.awaitSettled(registry, Duration.ofSeconds(60));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        runtime.close();
    }
}
