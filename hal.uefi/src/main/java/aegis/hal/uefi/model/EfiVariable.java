package aegis.hal.uefi.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One EFI variable as efivarfs shows it: {@code <name>-<vendor GUID>}, 4 bytes of attributes, data.
 *
 * @param name           the variable name, for example {@code BootOrder}
 * @param vendor         the vendor GUID
 * @param vendorName     the well-known name of the vendor GUID, if any
 * @param attributes     the raw {@code EFI_VARIABLE_*} attribute bits
 * @param attributeNames the names of the set bits ({@code NV}, {@code BS}, {@code RT}, ...)
 * @param size           the size of the data in bytes, without the attribute header
 */
public record EfiVariable(String name, UUID vendor, Optional<String> vendorName, long attributes,
        List<String> attributeNames, int size) {
    /** Copies the list. */
    public EfiVariable {
        attributeNames = List.copyOf(attributeNames);
    }
}
