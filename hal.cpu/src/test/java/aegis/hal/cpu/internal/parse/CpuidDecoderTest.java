package aegis.hal.cpu.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuidInfo;
import aegis.hal.cpu.CpuidLeaf;
import aegis.hal.cpu.internal.CpuidReader;
import aegis.hal.cpu.internal.Fixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CPUID decoding against /proc/cpuinfo of the same machine: captured, and live. */
class CpuidDecoderTest {
    /**
     * The main feature bits: the ones the kernel passes through from CPUID unchanged on x86-64
     * (it clears or synthesises others, such as monitor, x2apic or tsc_deadline_timer, depending
     * on the hypervisor and the command line). rdseed is left out too: kernels from 2025 on clear it
     * on AMD Zen 5 (family 0x1a) without fixed microcode, which is what the captured machine is.
     */
    static final List<String> MAIN = List.of("fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
            "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "clflush", "mmx", "fxsr", "sse", "sse2", "ht", "pni",
            "pclmulqdq", "ssse3", "fma", "cx16", "sse4_1", "sse4_2", "movbe", "popcnt", "aes", "xsave", "avx", "f16c",
            "rdrand", "hypervisor", "syscall", "nx", "mmxext", "fxsr_opt", "pdpe1gb", "rdtscp", "lm", "lahf_lm",
            "cmp_legacy", "svm", "abm", "sse4a", "misalignsse", "3dnowprefetch", "fsgsbase", "bmi1", "avx2", "smep",
            "bmi2", "erms", "avx512f", "avx512dq", "adx", "smap", "avx512ifma", "clflushopt", "clwb",
            "avx512cd", "sha_ni", "avx512bw", "avx512vl", "avx512vbmi", "umip", "avx512_vbmi2", "gfni", "vaes",
            "vpclmulqdq", "avx512_vnni", "avx512_bitalg", "avx512_vpopcntdq", "rdpid", "fsrm", "avx512_vp2intersect",
            "avx_vnni", "avx512_bf16");

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void capturedLeavesAgreeWithCapturedCpuinfo(int cpu) throws Exception {
        Path dir = Fixtures.path("cpuid/firecracker-epyc-live");
        List<CpuidLeaf> leaves = CpuidDecoder.parseDump(Files.readAllBytes(dir.resolve("cpu" + cpu + ".cpuid")),
                "cpu" + cpu + ".cpuid");
        CpuidInfo info = CpuidDecoder.decode(cpu, leaves, "cpu" + cpu + ".cpuid");
        Map<String, String> proc = CpuInfoParser.processors(CpuInfoParser.parse(
                Files.readString(dir.resolve("cpuinfo")), "cpuinfo")).get(cpu);
        assertAgrees(info, proc, "captured cpu" + cpu);
    }

    @Test
    void liveCpuidAgreesWithLiveCpuinfo() throws Exception {
        HostRoot live = HostRoot.of(Path.of("/"));
        assumeTrue(Files.isReadable(live.resolve(CpuidReader.devicePath(0))),
                "/dev/cpu/0/cpuid is not readable here (no cpuid driver or not root)");
        List<Map<String, String>> procs = CpuInfoParser.processors(CpuInfoParser.parse(
                live.readString("/proc/cpuinfo"), "/proc/cpuinfo"));
        for (Map<String, String> p : procs) {
            int cpu = Integer.parseInt(p.get("processor"));
            CpuidInfo info = new CpuidReader(live).read(cpu).orElseThrow();
            assertAgrees(info, p, "live cpu" + cpu);
        }
    }

    static void assertAgrees(CpuidInfo info, Map<String, String> proc, String what) {
        assertEquals(proc.get("vendor_id"), info.vendor(), what + " vendor");
        assertEquals(Integer.parseInt(proc.get("cpu family")), info.family(), what + " family");
        assertEquals(Integer.parseInt(proc.get("model")), info.model(), what + " model");
        assertEquals(Integer.parseInt(proc.get("stepping")), info.stepping(), what + " stepping");
        assertEquals(proc.get("model name"), info.brand(), what + " brand");
        List<String> flags = CpuInfoParser.words(proc.get("flags"));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String f : MAIN) {
            if (flags.contains(f) != info.features().contains(f)) {
                wrong.add(f + (flags.contains(f) ? " (in cpuinfo only)" : " (in CPUID only)"));
            }
            checked++;
        }
        assertTrue(wrong.isEmpty(), what + ": main feature bits disagree: " + wrong);
        assertTrue(checked > 50 && info.features().size() > 20, what + ": too few features decoded");
    }

    @Test
    void shortRegisterReadNamesLeafAndOffset() {
        HalException e = assertThrows(HalException.class,
                () -> CpuidDecoder.registers(0x80000001L, 0, new byte[10], 0, "/dev/cpu/0/cpuid"));
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertTrue(e.getMessage().contains("0x80000001") && e.getMessage().contains("byte offset 0")
                && e.getMessage().contains("got 10"), e.getMessage());
    }

    @Test
    void truncatedDumpNamesTheOffsetOfThePartialRecord() throws Exception {
        byte[] dump = Files.readAllBytes(Fixtures.path("cpuid/firecracker-epyc-live/cpu0.cpuid"));
        byte[] cut = Arrays.copyOf(dump, 2 * CpuidDecoder.RECORD_BYTES + 5);
        HalException e = assertThrows(HalException.class, () -> CpuidDecoder.parseDump(cut, "cpu0.cpuid"));
        assertTrue(e.getMessage().contains("byte offset " + 2 * CpuidDecoder.RECORD_BYTES), e.getMessage());
    }

    @Test
    void missingVendorLeafIsAClearError() throws Exception {
        List<CpuidLeaf> leaves = new ArrayList<>(CpuidDecoder.parseDump(
                Files.readAllBytes(Fixtures.path("cpuid/firecracker-epyc-live/cpu0.cpuid")), "cpu0.cpuid"));
        leaves.removeIf(l -> l.leaf() == 0);
        HalException e = assertThrows(HalException.class, () -> CpuidDecoder.decode(0, leaves, "dump"));
        assertTrue(e.getMessage().contains("0x00000000"), e.getMessage());
    }
}
