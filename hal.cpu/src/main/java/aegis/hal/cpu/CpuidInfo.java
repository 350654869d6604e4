package aegis.hal.cpu;

import java.util.List;
import java.util.Objects;

/**
 * The decoded CPUID of one logical CPU, read from {@code /dev/cpu/N/cpuid}. Family and model follow
 * the kernel's rule (the extended family is added when the base family is 0xF, the extended model
 * when the family is 6 or more), so they equal {@code /proc/cpuinfo}'s. Immutable, thread-safe.
 *
 * @param cpu             the logical CPU it was read on
 * @param vendor          the vendor string of leaf 0, for example {@code AuthenticAMD}
 * @param maxLeaf         the highest basic leaf
 * @param maxExtendedLeaf the highest extended leaf, 0 if there are none
 * @param family          the display family
 * @param model           the display model
 * @param stepping        the stepping
 * @param brand           the brand string of leaves 0x80000002..4, trimmed; empty if absent
 * @param features        the names of the feature bits set in leaves 1, 7 and 0x80000001, with the
 *                        names the kernel uses in {@code /proc/cpuinfo}
 * @param leaves          the raw leaves that were read
 */
public record CpuidInfo(int cpu, String vendor, long maxLeaf, long maxExtendedLeaf, int family, int model,
        int stepping, String brand, List<String> features, List<CpuidLeaf> leaves) {
    /** Validates and copies the components. */
    public CpuidInfo {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(brand, "brand");
        features = List.copyOf(features);
        leaves = List.copyOf(leaves);
    }
}
