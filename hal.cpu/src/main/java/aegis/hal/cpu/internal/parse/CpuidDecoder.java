package aegis.hal.cpu.internal.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CpuidInfo;
import aegis.hal.cpu.CpuidLeaf;

/**
 * Decodes raw CPUID registers: the 16 bytes Linux's cpuid driver returns per leaf (EAX, EBX, ECX,
 * EDX, little endian), a dump of such records, and the vendor, family/model/stepping, brand string
 * and main feature bits. Feature names are the ones the kernel prints in {@code /proc/cpuinfo}
 * ({@code arch/x86/include/asm/cpufeatures.h}); bits the kernel hides or has no name for are left
 * out. Pure code over bytes, stateless, thread-safe.
 */
public final class CpuidDecoder {
    /** The size of one leaf's registers as the cpuid driver returns them. */
    public static final int LEAF_BYTES = 16;
    /** The size of one dump record: the 8-byte file position (leaf | subleaf << 32), then the registers. */
    public static final int RECORD_BYTES = 8 + LEAF_BYTES;

    // leaf 1 EDX
    private static final String[] L1_EDX = {
        "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", null, "sep", "mtrr", "pge", "mca", "cmov",
        "pat", "pse36", "pn", "clflush", null, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe"};
    // leaf 1 ECX (bit 27 OSXSAVE is hidden by the kernel)
    private static final String[] L1_ECX = {
        "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma",
        "cx16", "xtpr", "pdcm", null, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
        "tsc_deadline_timer", "aes", "xsave", null, "avx", "f16c", "rdrand", "hypervisor"};
    // leaf 7.0 EBX
    private static final String[] L7_EBX = {
        "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", null, "smep", "bmi2", "erms", "invpcid", "rtm", "cqm",
        null, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", null, "clflushopt", "clwb",
        "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl"};
    // leaf 7.0 ECX
    private static final String[] L7_ECX = {
        null, "avx512vbmi", "umip", "pku", "ospke", "waitpkg", "avx512_vbmi2", null, "gfni", "vaes", "vpclmulqdq",
        "avx512_vnni", "avx512_bitalg", "tme", "avx512_vpopcntdq", null, "la57", null, null, null, null, null, "rdpid",
        null, "bus_lock_detect", "cldemote", null, "movdiri", "movdir64b", "enqcmd", "sgx_lc", null};
    // leaf 7.0 EDX
    private static final String[] L7_EDX = {
        null, null, "avx512_4vnniw", "avx512_4fmaps", "fsrm", null, null, null, "avx512_vp2intersect", null, "md_clear",
        null, null, null, "serialize", null, "tsxldtrk", null, "pconfig", "arch_lbr", "ibt", null, "amx_bf16",
        "avx512_fp16", "amx_tile", "amx_int8", null, null, "flush_l1d", "arch_capabilities", null, null};
    // leaf 7.1 EAX
    private static final String[] L71_EAX = {
        null, null, null, null, "avx_vnni", "avx512_bf16", null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null};
    // leaf 0x80000001 EDX (bits that repeat leaf 1 on AMD are named there)
    private static final String[] LX1_EDX = {
        null, null, null, null, null, null, null, null, null, null, null, "syscall", null, null, null, null,
        null, null, null, "mp", "nx", null, "mmxext", null, null, "fxsr_opt", "pdpe1gb", "rdtscp", null, "lm",
        "3dnowext", "3dnow"};
    // leaf 0x80000001 ECX
    private static final String[] LX1_ECX = {
        "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw",
        "ibs", "xop", "skinit", "wdt", null, "lwp", "fma4", "tce", null, "nodeid_msr", null, "tbm", "topoext",
        "perfctr_core", "perfctr_nb", null, "bpext", "ptsc", "perfctr_llc", "mwaitx", null, null};

    private CpuidDecoder() {
    }

    /**
     * Decodes the 16 bytes the cpuid driver returns for one leaf.
     *
     * @param leaf    the leaf that was read
     * @param subleaf the subleaf that was read
     * @param data    the bytes
     * @param offset  where the 16 bytes start in {@code data}
     * @param source  what was read, for error messages
     * @return the registers
     * @throws HalException BAD_FORMAT if fewer than 16 bytes are there, naming the byte offset
     */
    public static CpuidLeaf registers(long leaf, int subleaf, byte[] data, int offset, String source)
            throws HalException {
        if (offset < 0 || data.length - offset < LEAF_BYTES) {
            throw Formats.bad(source, "leaf " + String.format("0x%08x", leaf) + ": expected " + LEAF_BYTES
                    + " bytes at byte offset " + offset + ", got " + Math.max(0, data.length - offset));
        }
        return new CpuidLeaf(leaf, subleaf, le32(data, offset), le32(data, offset + 4), le32(data, offset + 8),
                le32(data, offset + 12));
    }

    /**
     * Parses a dump: records of {@link #RECORD_BYTES} bytes, each the little-endian 8-byte file
     * position that was read ({@code leaf | subleaf << 32}) followed by the 16 register bytes.
     *
     * @param dump   the bytes
     * @param source the dump's name, for error messages
     * @return the leaves in dump order
     * @throws HalException BAD_FORMAT if the length is not a whole number of records (naming the
     *                      offset of the partial record) or the dump holds more than 4096 records
     */
    public static List<CpuidLeaf> parseDump(byte[] dump, String source) throws HalException {
        if (dump.length % RECORD_BYTES != 0) {
            int partial = dump.length - dump.length % RECORD_BYTES;
            throw Formats.bad(source, "truncated record at byte offset " + partial + ": " + (dump.length - partial)
                    + " of " + RECORD_BYTES + " bytes");
        }
        int n = dump.length / RECORD_BYTES;
        if (n > 4096) {
            throw Formats.bad(source, n + " records, more than 4096");
        }
        List<CpuidLeaf> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int off = i * RECORD_BYTES;
            long pos = (le32(dump, off) & 0xffffffffL) | ((long) le32(dump, off + 4) << 32);
            out.add(registers(pos & 0xffffffffL, (int) (pos >>> 32), dump, off + 8, source));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Decodes vendor, signature, brand and feature bits.
     *
     * @param cpu    the CPU the leaves were read on
     * @param leaves the leaves read; leaf 0 is required, the others are used when present
     * @param source what was read, for error messages
     * @return the decoded CPUID
     * @throws HalException BAD_FORMAT if leaf 0 is missing
     */
    public static CpuidInfo decode(int cpu, List<CpuidLeaf> leaves, String source) throws HalException {
        CpuidLeaf l0 = find(leaves, 0, 0);
        if (l0 == null) {
            throw Formats.bad(source, "leaf 0x00000000 (vendor) missing");
        }
        String vendor = ascii(l0.ebx(), l0.edx(), l0.ecx());
        long maxLeaf = l0.eax() & 0xffffffffL;
        CpuidLeaf lx0 = find(leaves, 0x80000000L, 0);
        long maxExt = lx0 != null && (lx0.eax() & 0x80000000) != 0 ? lx0.eax() & 0xffffffffL : 0;

        int family = 0;
        int model = 0;
        int stepping = 0;
        List<String> features = new ArrayList<>();
        CpuidLeaf l1 = maxLeaf >= 1 ? find(leaves, 1, 0) : null;
        if (l1 != null) {
            int sig = l1.eax();
            family = (sig >>> 8) & 0xf;
            if (family == 0xf) {
                family += (sig >>> 20) & 0xff;
            }
            model = (sig >>> 4) & 0xf;
            if (family >= 0x6) {
                model += ((sig >>> 16) & 0xf) << 4;
            }
            stepping = sig & 0xf;
            bits(features, L1_EDX, l1.edx());
            bits(features, L1_ECX, l1.ecx());
        }
        CpuidLeaf l7 = maxLeaf >= 7 ? find(leaves, 7, 0) : null;
        if (l7 != null) {
            bits(features, L7_EBX, l7.ebx());
            bits(features, L7_ECX, l7.ecx());
            bits(features, L7_EDX, l7.edx());
            CpuidLeaf l71 = Integer.compareUnsigned(l7.eax(), 1) >= 0 ? find(leaves, 7, 1) : null;
            if (l71 != null) {
                bits(features, L71_EAX, l71.eax());
            }
        }
        CpuidLeaf lx1 = maxExt >= 0x80000001L ? find(leaves, 0x80000001L, 0) : null;
        if (lx1 != null) {
            bits(features, LX1_EDX, lx1.edx());
            bits(features, LX1_ECX, lx1.ecx());
        }
        String brand = "";
        if (maxExt >= 0x80000004L) {
            StringBuilder sb = new StringBuilder();
            for (long leaf = 0x80000002L; leaf <= 0x80000004L; leaf++) {
                CpuidLeaf l = find(leaves, leaf, 0);
                if (l == null) {
                    sb.setLength(0);
                    break;
                }
                sb.append(ascii(l.eax(), l.ebx(), l.ecx(), l.edx()));
            }
            brand = sb.toString().strip();
        }
        return new CpuidInfo(cpu, vendor, maxLeaf, maxExt, family, model, stepping, brand, features, leaves);
    }

    /**
     * @param leaves  leaves
     * @param leaf    a leaf
     * @param subleaf a subleaf
     * @return that leaf, or null
     */
    public static CpuidLeaf find(List<CpuidLeaf> leaves, long leaf, int subleaf) {
        for (CpuidLeaf l : leaves) {
            if (l.leaf() == leaf && l.subleaf() == subleaf) {
                return l;
            }
        }
        return null;
    }

    /** @return every feature name this decoder knows, in table order */
    public static List<String> knownFeatures() {
        List<String> out = new ArrayList<>();
        for (String[] t : new String[][] {L1_EDX, L1_ECX, L7_EBX, L7_ECX, L7_EDX, L71_EAX, LX1_EDX, LX1_ECX}) {
            for (String s : t) {
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static void bits(List<String> out, String[] names, int reg) {
        for (int i = 0; i < 32; i++) {
            if ((reg & (1 << i)) != 0 && names[i] != null && !out.contains(names[i])) {
                out.add(names[i]);
            }
        }
    }

    private static String ascii(int... regs) {
        byte[] b = new byte[regs.length * 4];
        int n = 0;
        for (int r : regs) {
            for (int i = 0; i < 4; i++) {
                int c = (r >>> (8 * i)) & 0xff;
                if (c == 0) {
                    continue;
                }
                b[n++] = (byte) (c >= 0x20 && c < 0x7f ? c : '?');
            }
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
