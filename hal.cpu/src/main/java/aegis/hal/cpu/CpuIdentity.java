package aegis.hal.cpu;

import java.util.Objects;

/**
 * What the CPU says it is, from {@code /proc/cpuinfo} (of the first processor, as lscpu does). A
 * field the kernel does not print on this architecture is the empty string. Immutable, thread-safe.
 *
 * @param vendor       {@code vendor_id}, for example {@code GenuineIntel}
 * @param modelName    {@code model name}
 * @param family       {@code cpu family}, as printed
 * @param model        {@code model}, as printed
 * @param stepping     {@code stepping}, as printed
 * @param microcode    {@code microcode}, as printed
 * @param addressSizes {@code address sizes}, for example {@code 48 bits physical, 48 bits virtual}
 */
public record CpuIdentity(String vendor, String modelName, String family, String model, String stepping,
        String microcode, String addressSizes) {
    /** Validates the components. */
    public CpuIdentity {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(stepping, "stepping");
        Objects.requireNonNull(microcode, "microcode");
        Objects.requireNonNull(addressSizes, "addressSizes");
    }
}
