package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuTimes;
import aegis.hal.cpu.CpuUsage;
import aegis.hal.cpu.CpuWriteRequest;
import aegis.hal.cpu.PerCpu;
import aegis.hal.cpu.internal.CpuServiceImpl.WritePolicy;
import aegis.hal.cpu.internal.parse.CpuList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service on fixture trees: cpufreq absent and present (on a writable copy with the synthetic
 * policy, see PROVENANCE.md), writes with validation and the authorizer hook, usage, per-CPU storage.
 */
class CpuServiceImplTest {
    private static String read(Path root, String rel) throws Exception {
        return Files.readString(root.resolve("sys/devices/system/cpu/cpufreq/policy0/" + rel)).strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void withoutCpufreqTheServiceSaysSoAndRefusesWrites(String host) throws Exception {
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(Fixtures.host(host)), true, WritePolicy.OPEN);
        assertTrue(s.cpufreq(0).isEmpty());
        HalException e = assertThrows(HalException.class, () -> s.setGovernor(0, "performance"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains(CpuFreqPolicy.NO_DRIVER), e.getMessage());
        assertEquals(CpuFreqPolicy.NO_DRIVER, CpuAttributes.of(s, 0, null).get("frequency_mhz"));
        // fixture trees have no device nodes: CPUID is "not readable", not an error
        assertTrue(s.cpuid(0).isEmpty());
        assertTrue(s.temperatures().isEmpty(), "no fixture host has a CPU temperature sensor");
    }

    @Test
    void unknownCpuIsNotFound() {
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(Fixtures.host("qemu-nvme")), true, WritePolicy.OPEN);
        HalException e = assertThrows(HalException.class, () -> s.cpufreq(4));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("CPU 4"), e.getMessage());
    }

    @Test
    void readsTheSyntheticPolicy(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.OPEN);
        CpuFreqPolicy p = s.cpufreq(1).orElseThrow();
        assertEquals("policy0", p.policy());
        assertEquals(read(root, "scaling_driver"), p.driver());
        assertEquals(read(root, "scaling_governor"), p.governor());
        assertEquals(List.of(read(root, "scaling_available_governors").split(" ")), p.availableGovernors());
        assertEquals(Long.parseLong(read(root, "cpuinfo_min_freq")), p.hardwareMinKHz());
        assertEquals(Long.parseLong(read(root, "cpuinfo_max_freq")), p.hardwareMaxKHz());
        assertEquals(Long.parseLong(read(root, "scaling_cur_freq")), p.currentKHz());
        assertEquals(Long.parseLong(read(root, "scaling_cur_freq")) / 1000.0,
                CpuAttributes.of(s, 1, null).get("frequency_mhz"));
    }

    @Test
    void governorIsValidatedThenWritten(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.OPEN);
        String before = read(root, "scaling_governor");
        HalException bad = assertThrows(HalException.class, () -> s.setGovernor(0, "turbo-max"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, bad.code());
        assertTrue(bad.getMessage().contains("turbo-max"), bad.getMessage());
        assertEquals(before, read(root, "scaling_governor"), "nothing changed");

        String other = s.cpufreq(0).orElseThrow().availableGovernors().stream().filter(g -> !g.equals(before))
                .findFirst().orElseThrow();
        s.setGovernor(0, other);
        assertEquals(other, read(root, "scaling_governor"));
        assertEquals(other, s.cpufreq(1).orElseThrow().governor());
    }

    @Test
    void limitsAreValidatedAndWrittenInASafeOrder(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.OPEN);
        CpuFreqPolicy p = s.cpufreq(0).orElseThrow();
        long lo = p.hardwareMinKHz();
        long hi = p.hardwareMaxKHz();
        for (long[] bad : new long[][] {{hi, lo}, {lo - 1, hi}, {lo, hi + 1}}) {
            HalException e = assertThrows(HalException.class, () -> s.setFrequencyLimits(0, bad[0], bad[1]));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        }
        assertEquals(Long.toString(p.minKHz()), read(root, "scaling_min_freq"), "nothing changed");
        long mid = (lo + hi) / 2;
        s.setFrequencyLimits(0, lo, mid);
        assertEquals(Long.toString(mid), read(root, "scaling_max_freq"));
        // raising min above the current max must write max first; the result is the same either way
        s.setFrequencyLimits(0, mid + 1, hi);
        assertEquals(Long.toString(mid + 1), read(root, "scaling_min_freq"));
        assertEquals(Long.toString(hi), read(root, "scaling_max_freq"));
    }

    @Test
    void authorizerHookDecides(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        String before = read(root, "scaling_governor");
        String other = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.OPEN).cpufreq(0).orElseThrow()
                .availableGovernors().stream().filter(g -> !g.equals(before)).findFirst().orElseThrow();

        CpuServiceImpl strict = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        HalException none = assertThrows(HalException.class, () -> strict.setGovernor(0, other));
        assertEquals(ErrorCode.PERMISSION_DENIED, none.code());
        assertTrue(none.getMessage().contains("ADMIN and WRITE"), none.getMessage());

        AtomicReference<CpuWriteRequest> asked = new AtomicReference<>();
        strict.setAuthorizer(r -> {
            asked.set(r);
            throw new HalException(ErrorCode.PERMISSION_DENIED, "token lacks ADMIN");
        });
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> strict.setGovernor(0, other)).code());
        assertEquals(new CpuWriteRequest(0, "scaling_governor", other), asked.get());
        assertEquals(before, read(root, "scaling_governor"), "a refused write changes nothing");

        AtomicInteger calls = new AtomicInteger();
        strict.setAuthorizer(r -> calls.incrementAndGet());
        strict.setGovernor(0, other);
        assertEquals(1, calls.get());
        assertEquals(other, read(root, "scaling_governor"));

        CpuServiceImpl readOnly = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.READ_ONLY);
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> readOnly.setGovernor(0, before)).code());
    }

    @Test
    void perCpuIsSizedFromPossibleCpus() throws Exception {
        Path root = Fixtures.host("qemu-nvme");
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.OPEN);
        List<Integer> possible = CpuList.parse(Files.readString(root.resolve("sys/devices/system/cpu/possible")), "p");
        PerCpu<AtomicInteger> slots = s.perCpu(n -> new AtomicInteger(n));
        assertEquals(possible.get(possible.size() - 1) + 1, slots.size());
        for (int cpu : possible) {
            assertEquals(cpu, slots.get(cpu).get());
        }
        assertThrows(IllegalArgumentException.class, () -> slots.get(slots.size()));
        slots.updateAndGet(0, a -> new AtomicInteger(a.get() + 100));
        assertEquals(100, slots.snapshot().get(0).get());
    }

    @Test
    void inventoryIsCachedUntilRefresh() throws Exception {
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(Fixtures.host("qemu-q35")), false, WritePolicy.OPEN);
        assertSame(s.inventory(), s.inventory());
        assertEquals(s.inventory(), s.refresh());
    }

    @Test
    void liveUsageAddsUpAndCoversEveryOnlineCpu() throws Exception {
        HostRoot live = HostRoot.of(Path.of("/"));
        org.junit.jupiter.api.Assumptions.assumeTrue(live.exists("/proc/stat"), "no /proc/stat");
        CpuServiceImpl s = new CpuServiceImpl(live, false, WritePolicy.READ_ONLY);
        List<CpuUsage> usage = s.usage(Duration.ofMillis(100));
        assertEquals(-1, usage.get(0).cpu());
        assertEquals(s.inventory().online().size() + 1, usage.size());
        for (CpuUsage u : usage) {
            double sum = u.user() + u.system() + u.idle() + u.iowait() + u.steal();
            assertTrue(sum == 0 || Math.abs(sum - 100) < 1e-6, u.toString());
        }
        assertThrows(HalException.class, () -> s.usage(Duration.ZERO));
    }

    @net.jqwik.api.Property(tries = 300)
    void usagePartsAddUpTo100(@net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(max = 1L << 40) long a,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(max = 1L << 40) long b,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(max = 1L << 20) long d) {
        CpuTimes t0 = new CpuTimes(3, a, b, a, b, a, b, a, b);
        CpuTimes t1 = new CpuTimes(3, a + d, b, a + 2 * d, b + 3 * d, a, b + d, a, b);
        CpuUsage u = CpuUsage.between(t0, t1);
        double sum = u.user() + u.system() + u.idle() + u.iowait() + u.steal();
        assertTrue(d == 0 ? sum == 0 : Math.abs(sum - 100) < 1e-6, u.toString());
        assertTrue(u.busy() >= 0 && u.busy() <= 100 + 1e-9);
        // counters going backwards (CPU offlined and back) never give negative shares
        CpuUsage back = CpuUsage.between(t1, t0);
        assertTrue(back.user() >= 0 && back.system() >= 0 && back.idle() >= 0);
    }
}
