package aegis.hal.benchmarks.registry;

import java.lang.reflect.Method;
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
import org.osgi.framework.BundleContext;

/**
 * Device-service lookup ({@code getServiceReferences(Device)} from a HAL bundle) with the
 * capability bundle's FindHook installed against a framework without it, same run, same number of
 * Device services (registered plainly by the benchmark in both). Goal: at most 1.2x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HookLookupBenchmark {
    /** Without hal.capability (and so without hal.devfs and hal.sim, which need it). */
    static final List<String> NO_HOOKS = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.eventadmin", "org.apache.felix.log", "org.apache.felix.gogo.runtime", "hal.api",
            "hal.registry");
    static final List<String> HOOKS = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.eventadmin", "org.apache.felix.log", "org.apache.felix.gogo.runtime", "hal.api",
            "hal.registry", "hal.capability");

    @Param({ "100" })
    int devices;

    private EmbeddedRuntime with;
    private EmbeddedRuntime without;
    private BundleContext withCtx;
    private BundleContext withoutCtx;

    @Setup(Level.Trial)
    public void start() throws Exception {
        with = EmbeddedRuntime.start(HOOKS, Map.of());
        without = EmbeddedRuntime.start(NO_HOOKS, Map.of());
        with.service("aegis.hal.capability.api.CapabilityService"); // hooks are registered with it
        register(with);
        register(without);
        withCtx = with.bundle("aegis.hal.registry").getBundleContext();
        withoutCtx = without.bundle("aegis.hal.registry").getBundleContext();
        if (withCtx.getServiceReferences("aegis.hal.api.device.Device", null).length != devices
                || withoutCtx.getServiceReferences("aegis.hal.api.device.Device", null).length != devices) {
            throw new IllegalStateException("the HAL bundle does not see all devices");
        }
    }

    @SuppressWarnings("unchecked")
    private void register(EmbeddedRuntime rt) throws Exception {
        Class<?> basic = rt.apiClass("aegis.hal.api.device.BasicDevice");
        Class<?> cls = rt.apiClass("aegis.hal.api.device.DeviceClass");
        Object sim = cls.getField("SIM").get(null);
        Method builder = basic.getMethod("builder", String.class, cls);
        Method devfs = rt.apiClass("aegis.hal.api.device.BasicDevice$Builder").getMethod("devfsPath", String.class);
        Method build = rt.apiClass("aegis.hal.api.device.BasicDevice$Builder").getMethod("build");
        Method sp = basic.getMethod("serviceProperties");
        // registered by hal.api's own context, so the device type is the one HAL bundles import
        BundleContext ctx = rt.bundle("aegis.hal.api").getBundleContext();
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            Object b = builder.invoke(null, "sim:lookup" + i, sim);
            Object d = build.invoke(devfs.invoke(b, "/dev/sim/lookup" + i));
            keep.add(ctx.registerService("aegis.hal.api.device.Device", d, (Dictionary<String, ?>) sp.invoke(d)));
        }
    }

    @Benchmark
    public Object withHooks() throws Exception {
        return withCtx.getServiceReferences("aegis.hal.api.device.Device", null);
    }

    @Benchmark
    public Object withoutHooks() throws Exception {
        return withoutCtx.getServiceReferences("aegis.hal.api.device.Device", null);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        with.close();
        without.close();
    }
}
