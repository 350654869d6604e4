package aegis.hal.capability.api;

import java.time.Instant;

/**
 * A signing key of the capability service. Immutable and thread-safe.
 *
 * @param id        the key id, 16 lower-case hex digits (the first 8 bytes of SHA-256 of the public key)
 * @param publicKey the raw 32-byte Ed25519 public key as lower-case hex
 * @param created   when it was generated
 * @param active    whether new tokens are signed with it
 * @param canSign   whether the private key is present (a retired key keeps only its public half)
 * @param grants    how many granted tokens it signed
 */
public record KeyInfo(String id, String publicKey, Instant created, boolean active, boolean canSign, int grants) {
}
