package aegis.hal.cpu;

/**
 * The raw registers one CPUID instruction returned for a leaf and subleaf. Immutable, thread-safe.
 *
 * @param leaf    the leaf (EAX input), unsigned, for example {@code 0x80000001}
 * @param subleaf the subleaf (ECX input)
 * @param eax     EAX output
 * @param ebx     EBX output
 * @param ecx     ECX output
 * @param edx     EDX output
 */
public record CpuidLeaf(long leaf, int subleaf, int eax, int ebx, int ecx, int edx) {
    /** @return the leaf in hex, with the subleaf when not 0, for example {@code 0x00000007.1} */
    public String name() {
        return String.format("0x%08x", leaf) + (subleaf == 0 ? "" : "." + subleaf);
    }
}
