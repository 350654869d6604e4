package aegis.hal.capability.token;

import java.util.Objects;

/**
 * The signed fields of a version-1 token, before encoding or after decoding. Ids are lower-case
 * hex. Immutable and thread-safe.
 *
 * @param id          the token id, 32 hex digits (16 bytes)
 * @param parent      the parent token id, or {@code ""} for a root token
 * @param depth       0 for a root token, else parent depth + 1 (at most {@link TokenCodec#MAX_DEPTH})
 * @param container   the container id of the principal
 * @param app         the app id of the principal
 * @param permissions the permission mask, non-zero, only known bits
 * @param notBefore   the first valid second (epoch seconds)
 * @param expiry      the first invalid second (epoch seconds), after {@code notBefore}
 * @param keyId       the signing key id, 16 hex digits (8 bytes)
 * @param devices     the devfs pattern
 */
public record TokenBody(String id, String parent, int depth, String container, String app, int permissions,
        long notBefore, long expiry, String keyId, String devices) {
    /** Canonical constructor; checks that nothing is {@code null}. */
    public TokenBody {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(devices, "devices");
    }
}
