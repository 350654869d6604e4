package aegis.hal.benchmarks.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.ServiceEvent;

/**
 * Runtime start to all simulated devices bound, against a bare Felix + SCR + Gogo start, same run.
 * The HAL start reads a factory configuration of N simulated devices from its deploy folder through
 * FileInstall and ConfigAdmin, as a user's runtime would, and ends when all N are ACTIVE.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class StartBenchmark {
    @Param({ "1000" })
    int devices;

    private EmbeddedRuntime running;
    private Path deploy;

    @Benchmark
    public Object bareFelixScrGogo() throws Exception {
        running = EmbeddedRuntime.start(EmbeddedRuntime.BARE, Map.of());
        return running;
    }

    @Benchmark
    public Object halRuntimeAllDevicesBound() throws Exception {
        deploy = Files.createTempDirectory("aegis-bench-deploy");
        Files.writeString(deploy.resolve("aegis.hal.sim-bench.config"), "count=I\"" + devices + "\"\nprefix=\"b\"\n");
        CountDownLatch registered = new CountDownLatch(devices);
        running = EmbeddedRuntime.start(EmbeddedRuntime.HAL, Map.of("felix.fileinstall.dir", deploy.toString(),
                "felix.fileinstall.noInitialDelay", "true", "felix.fileinstall.poll", "50",
                "felix.fileinstall.enableConfigSave", "false"), ctx -> {
                    try {
                        ctx.addServiceListener(e -> {
                            if (e.getType() == ServiceEvent.REGISTERED) {
                                registered.countDown();
                            }
                        }, "(objectClass=aegis.hal.api.device.Device)");
                    } catch (org.osgi.framework.InvalidSyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                });
        if (!registered.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("devices never registered");
        }
        Object registry = running.registry();
        running.awaitSettled(registry, Duration.ofSeconds(60));
        long active = running.countActive(registry);
        if (active != devices) {
            throw new IllegalStateException("expected " + devices + " ACTIVE, saw " + active);
        }
        return running;
    }

    @TearDown(Level.Invocation)
    public void stop() throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
        if (deploy != null) {
            try (var s = Files.walk(deploy)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            deploy = null;
        }
    }
}
