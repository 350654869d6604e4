package aegis.hal.capability.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import aegis.hal.capability.internal.CapabilityEngine;
import aegis.hal.capability.internal.Clock;
import aegis.hal.capability.internal.IdentityResolver;
import aegis.hal.capability.internal.KeyRing;

/** Builds engines for tests. */
public final class Engines {
    /** 2025-11-24T16:00:00Z: an exact second, so token seconds and the anchor line up. */
    public static final long WALL = 1_764_000_000_000L;
    /** The deploy folder the test identity resolver uses. */
    public static final Path DEPLOY = Path.of("/srv/aegis/deploy");

    private Engines() {
    }

    public static IdentityResolver identities() {
        return new IdentityResolver(DEPLOY, Map.of(), Map.of(), List.of("aegis.hal."), List.of());
    }

    public static KeyRing keys(Path dir) {
        try {
            return KeyRing.open(dir, new SecureRandom(), Instant.ofEpochMilli(WALL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CapabilityEngine engine(Clock clock) {
        return engine(clock, keys(null), null);
    }

    public static CapabilityEngine engine(Clock clock, KeyRing keys, Path store) {
        try {
            return new CapabilityEngine(keys, store, identities(), clock, CapabilityEngine.Settings.DEFAULTS, Runnable::run,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
