package aegis.hal.benchmarks.capability;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.internal.CapabilityEngine;
import aegis.hal.capability.internal.Clock;
import aegis.hal.capability.internal.IdentityResolver;
import aegis.hal.capability.internal.KeyRing;

/**
 * The per-call permission check devfs makes on every open, read, write and control: goal at most
 * 25 ns and 0 bytes allocated per check (run with {@code -prof gc}), flat from 10 to 100,000 active
 * grants. The grants are spread over principals with 10 grants each (one principal when there are
 * 10), so the checked principal always holds 10 grants and the table around it grows.
 *
 * <p>{@code checkAllowed} cycles over 16 device paths the subject holds; {@code checkUncovered}
 * asks for a path no grant covers (the visibility question hooks ask, answered without recording a
 * denial); {@code clockReadBaseline} is the {@code System.nanoTime()} read every check includes, so
 * that the table's own share can be told apart on a given machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CapabilityCheckBenchmark {
    @Param({"10", "1000", "100000"})
    public int grants;

    private CapabilityEngine engine;
    private Subject subject;
    private String[] paths;
    private int next;
    private final int want = Permission.mask(Permission.READ, Permission.PLAYBACK);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyRing keys = KeyRing.open(null, new SecureRandom(), Instant.now());
        engine = new CapabilityEngine(keys, null, new IdentityResolver(null, Map.of(), Map.of(), List.of(), List.of()),
                Clock.SYSTEM, CapabilityEngine.Settings.DEFAULTS, Runnable::run, null);
        // One really signed token, then records with the same shape: installVerified is the path the
        // store loader takes after verifying; signing 100,000 tokens would only slow the set-up.
        Token model = engine.signForTest(new Principal("c0", "a0"), want, "/dev/audio/*", Duration.ofHours(1));
        List<Token> all = new ArrayList<>(grants);
        int principals = Math.max(1, grants / 10);
        for (int i = 0; i < grants; i++) {
            int p = i % principals;
            int k = i / principals;
            String pattern = switch (k % 5) {
                case 0 -> "/dev/audio/*";
                case 1 -> "/dev/block/nvme" + k + "n1";
                case 2 -> "/dev/input/event" + k;
                case 3 -> "/dev/usb/**";
                default -> "/dev/gpu/card" + k;
            };
            all.add(new Token(String.format("%032x", i + 1L), "", 0, new Principal("c" + p, "a" + p), want, pattern,
                    model.notBefore(), model.expiry(), model.keyId(), model.encoded()));
        }
        engine.installVerified(all);
        subject = engine.subject(new Principal("c0", "a0"));
        paths = new String[16];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = "/dev/audio/pcm" + i + (i % 2 == 0 ? "p" : "c");
        }
        for (String path : paths) {
            if (!engine.check(subject, path, want)) {
                throw new IllegalStateException("set-up grants do not cover " + path);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public boolean checkAllowed() {
        String path = paths[next++ & 15];
        return engine.check(subject, path, want);
    }

    /** The monotonic clock read every check includes (for exact expiry), alone, for comparison. */
    @Benchmark
    public long clockReadBaseline() {
        return System.nanoTime();
    }

    @Benchmark
    public int checkUncovered() {
        return engine.permissions(subject, "/dev/block/sda");
    }
}
