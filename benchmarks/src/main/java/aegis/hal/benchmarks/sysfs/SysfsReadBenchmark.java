package aegis.hal.benchmarks.sysfs;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
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
import org.osgi.framework.Bundle;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.internal.BundleCapabilityService;
import aegis.hal.capability.internal.CapabilityEngine;
import aegis.hal.capability.internal.Clock;
import aegis.hal.capability.internal.IdentityResolver;
import aegis.hal.capability.internal.KeyRing;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysFs;
import aegis.hal.sysfs.internal.StandaloneSysFs;

/**
 * Reading a live sysfs attribute through the API against reading the underlying file directly, in
 * the same run (issue 4 goal: at most 1.2x). The attribute's {@code read()} does exactly what the
 * baseline does (read the file, parse the number), so the difference is what sysfs adds: the path
 * lookup, the permission check and the type check.
 *
 * <ul>
 * <li>{@code fileDirect}: {@code HostRoot.readString} + parse, no sysfs;</li>
 * <li>{@code sysfsOpen}: {@code SysFs.read} of an attribute without a device path (no check);</li>
 * <li>{@code sysfsDevice}: {@code SysFs.read} of an attribute of device {@code /dev/cpu/0} by an
 * application holding READ on {@code /dev/cpu/*}: the real capability engine's check on every read;</li>
 * <li>{@code sysfsKeptValue}: the same for an attribute that returns a kept value: sysfs's own cost.</li>
 * </ul>
 * {@code file=temp}: a small file in a temp folder (page cache); {@code file=loadavg}: {@code /proc/loadavg}
 * (the kernel formats it on each read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SysfsReadBenchmark {
    @Param({ "temp", "loadavg" })
    public String file;

    private HostRoot host;
    private String hostPath;
    private Path tempDir;
    private CapabilityEngine capabilities;
    private SysFs sysfs;
    private static final String OPEN = "/sys/hal/bench/open_value";
    private static final String DEVICE = "/sys/hal/cpu/0/bench_value";
    private static final String KEPT = "/sys/hal/cpu/0/bench_kept";

    /** The attribute: reads the file through the host root and parses it the way the baseline does. */
    static final class FileAttribute implements Attribute {
        private final AttributeSpec spec;
        private final HostRoot host;
        private final String file;

        FileAttribute(AttributeSpec spec, HostRoot host, String file) {
            this.spec = spec;
            this.host = host;
            this.file = file;
        }

        @Override
        public AttributeSpec spec() {
            return spec;
        }

        @Override
        public Object read() throws HalException {
            try {
                return parse(host.readString(file));
            } catch (IOException e) {
                throw new HalException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The first field as a number: "2400000" or "0.52 0.58 0.59 1/123 4567". */
    static double parse(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return Double.parseDouble(text.substring(0, end));
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (file.equals("loadavg")) {
            host = HostRoot.of(Path.of("/"));
            hostPath = "/proc/loadavg";
        } else {
            tempDir = Files.createTempDirectory("sysfs-bench");
            Files.writeString(tempDir.resolve("value"), "2400000\n");
            host = HostRoot.of(tempDir);
            hostPath = "/value";
        }
        KeyRing keys = KeyRing.open(null, new SecureRandom(), Instant.now());
        capabilities = new CapabilityEngine(keys, null,
                new IdentityResolver(null, Map.of(), Map.of(), List.of(), List.of()), Clock.SYSTEM,
                CapabilityEngine.Settings.DEFAULTS, Runnable::run, null);
        Principal app = new Principal("bench", "reader");
        Token t = capabilities.signForTest(app, Permission.READ.bit(), "/dev/cpu/*", Duration.ofHours(1));
        capabilities.installVerified(List.of(t));
        BundleCapabilityService service = new BundleCapabilityService(capabilities, systemBundle());
        StandaloneSysFs standalone = new StandaloneSysFs(() -> service, () -> null, (topic, props) -> { });
        Bundle provider = systemBundle(); // trusted, as a HAL subsystem is
        require(standalone.register(new FileAttribute(AttributeSpec.builder(OPEN, AttributeType.DECIMAL).build(), host, hostPath),
                1, 0, provider));
        require(standalone.register(new FileAttribute(AttributeSpec.builder(DEVICE, AttributeType.DECIMAL)
                .device("/dev/cpu/0").build(), host, hostPath), 2, 0, provider));
        require(standalone.register(new Attribute() {
            private final AttributeSpec spec = AttributeSpec.builder(KEPT, AttributeType.INTEGER).device("/dev/cpu/0").build();
            private final Long value = 2_400_000L;

            @Override
            public AttributeSpec spec() {
                return spec;
            }

            @Override
            public Object read() {
                return value;
            }
        }, 3, 0, provider));
        Subject subject = capabilities.subject(app);
        sysfs = standalone.forSubject(77, "bench/reader", subject);
        // the set-up must be what we think it is
        if (file.equals("temp") && ((double) sysfs.read(DEVICE) != fileDirect() || (double) sysfs.read(OPEN) != fileDirect())) {
            throw new IllegalStateException("sysfs and the file disagree");
        }
    }

    private static void require(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("attribute not served");
        }
    }

    private static Bundle systemBundle() {
        return (Bundle) Proxy.newProxyInstance(SysfsReadBenchmark.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> switch (m.getName()) {
                    case "getBundleId" -> 0L;
                    case "getSymbolicName" -> "org.apache.felix.framework";
                    case "getLocation" -> "System Bundle";
                    case "hashCode" -> 0;
                    case "equals" -> p == a[0];
                    case "toString" -> "system bundle";
                    default -> null;
                });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        capabilities.close();
        if (tempDir != null) {
            Files.deleteIfExists(tempDir.resolve("value"));
            Files.deleteIfExists(tempDir);
        }
    }

    @Benchmark
    public double fileDirect() throws IOException {
        return parse(host.readString(hostPath));
    }

    @Benchmark
    public Object sysfsOpen() throws HalException {
        return sysfs.read(OPEN);
    }

    @Benchmark
    public Object sysfsDevice() throws HalException {
        return sysfs.read(DEVICE);
    }

    /** What sysfs adds alone: a device attribute whose provider returns a kept value (no I/O). */
    @Benchmark
    public Object sysfsKeptValue() throws HalException {
        return sysfs.read(KEPT);
    }
}
