package aegis.hal.uefi.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One {@code EFI_SIGNATURE_LIST}.
 *
 * @param type          the signature type GUID
 * @param typeName      its well-known name ({@code EFI_CERT_X509}, {@code EFI_CERT_SHA256}, ...)
 * @param signatureSize the size of each {@code EFI_SIGNATURE_DATA}
 * @param entries       the signatures
 */
public record SignatureList(UUID type, Optional<String> typeName, int signatureSize, List<SignatureEntry> entries) {
    /** Copies the list. */
    public SignatureList {
        entries = List.copyOf(entries);
    }
}
