package aegis.hal.benchmarks.capability;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.internal.CapabilityEngine;
import aegis.hal.capability.internal.Clock;
import aegis.hal.capability.internal.IdentityResolver;
import aegis.hal.capability.internal.KeyRing;
import aegis.hal.capability.token.TokenCodec;

/**
 * Token verification at grant (or presentation) time, for the record: base64url + structural decode
 * alone, and decode + Ed25519 verification with the JDK's EdDSA. This cost is paid once per grant,
 * never per check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenVerifyBenchmark {
    private CapabilityEngine engine;
    private String text;

    @Setup
    public void setUp() throws Exception {
        engine = new CapabilityEngine(KeyRing.open(null, new SecureRandom(), Instant.now()), null,
                new IdentityResolver(null, Map.of(), Map.of(), List.of(), List.of()), Clock.SYSTEM,
                CapabilityEngine.Settings.DEFAULTS, Runnable::run, null);
        Token t = engine.signForTest(new Principal("media", "player"), Permission.mask(Permission.READ, Permission.PLAYBACK),
                "/dev/audio/*", Duration.ofHours(1));
        text = t.encoded();
    }

    @Benchmark
    public Object decodeOnly() throws Exception {
        return TokenCodec.decode(TokenCodec.fromText(text));
    }

    @Benchmark
    public Token decodeAndVerify() throws Exception {
        return engine.verify(text);
    }
}
