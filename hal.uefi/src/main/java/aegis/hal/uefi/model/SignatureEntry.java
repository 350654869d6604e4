package aegis.hal.uefi.model;

import java.util.Optional;
import java.util.UUID;

/**
 * One {@code EFI_SIGNATURE_DATA}: owner and a summary of the signature.
 *
 * @param owner       the signature owner GUID
 * @param sha256      for a SHA-256 list the hash itself, for an X.509 list the SHA-256 of the
 *                    certificate, otherwise the SHA-256 of the signature data; lower-case hex
 * @param x509Subject the certificate subject (RFC 2253), for an X.509 entry that parses
 * @param error       why an X.509 entry could not be parsed, if it could not
 */
public record SignatureEntry(UUID owner, String sha256, Optional<String> x509Subject, Optional<String> error) {
}
