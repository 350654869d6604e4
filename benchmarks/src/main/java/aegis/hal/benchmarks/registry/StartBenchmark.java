package aegis.hal.benchmarks.registry;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

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
        running = EmbeddedRuntime.start(EmbeddedRuntime.HAL, Map.of("felix.fileinstall.dir", deploy.toString(),
                "felix.fileinstall.noInitialDelay", "true", "felix.fileinstall.poll", "50",
                "felix.fileinstall.enableConfigSave", "false"));
        Object registry = running.registry();
        // the configuration arrives through FileInstall and ConfigAdmin asynchronously: wait until the
        // registry has settled with every device bound
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (running.countActive(registry) < devices && System.nanoTime() < end) {
            running.awaitSettled(registry, Duration.ofSeconds(1));
            Thread.onSpinWait();
        }
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
