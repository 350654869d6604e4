package aegis.hal.capability.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Administers capabilities: issue and grant tokens, revoke them, rotate keys, read the audit log.
 * Only trusted bundles (the framework, HAL-internal bundles, the shell commands) get this service:
 * the service hooks hide it from others and its factory refuses them.
 *
 * <p>Every change is persisted atomically before it is reported done, except revocation, which
 * takes effect in memory first (a check that starts after {@link #revoke} returned fails even if
 * the disk write failed, which is then reported). Thread-safe.
 */
@ProviderType
public interface CapabilityAdmin {

    /**
     * Issues (signs) a root token with the active key without granting it.
     *
     * @param principal   the principal it is bound to
     * @param permissions a non-zero mask
     * @param devices     a devfs pattern ({@code /dev/...}, {@code *} within a segment,
     *                    {@code **} as the last segment)
     * @param notBefore   the first valid instant (truncated to seconds), or {@code null} for now
     * @param expiry      the expiry (truncated to seconds), after {@code notBefore}
     * @return the token
     * @throws HalException {@link ErrorCode#INVALID_ARGUMENT} for a bad pattern, mask or interval
     */
    Token issue(Principal principal, int permissions, String devices, Instant notBefore, Instant expiry)
            throws HalException;

    /**
     * Issues a root token and grants it.
     *
     * @param principal   the principal
     * @param permissions a non-zero mask
     * @param devices     a devfs pattern
     * @param notBefore   the first valid instant, or {@code null} for now
     * @param expiry      the expiry
     * @return the granted token
     * @throws HalException as {@link #issue}; {@link ErrorCode#IO} when it cannot be persisted
     *                      (then nothing is granted)
     */
    Token grant(Principal principal, int permissions, String devices, Instant notBefore, Instant expiry)
            throws HalException;

    /**
     * Verifies a signed token once and grants it to the principal it is bound to.
     *
     * @param encoded the base64url text
     * @return the granted token
     * @throws HalException {@link ErrorCode#BAD_FORMAT}, {@link ErrorCode#PERMISSION_DENIED} (bad signature,
     *                      unknown key, revoked, expired, parent not granted), {@link ErrorCode#IO}
     */
    Token grant(String encoded) throws HalException;

    /**
     * Attenuates on behalf of the holder of {@code parentId} (administrators may derive from any
     * grant). Same rules as {@link CapabilityService#attenuate}.
     *
     * @param parentId    the parent token id (or a unique prefix of it)
     * @param target      the principal of the child
     * @param permissions the child's mask
     * @param devices     the child's pattern
     * @param expiry      the child's expiry, or {@code null} for the parent's
     * @return the child, granted
     * @throws HalException see {@link CapabilityService#attenuate}
     */
    Token attenuate(String parentId, Principal target, int permissions, String devices, Instant expiry)
            throws HalException;

    /**
     * Revokes a token and every token derived from it. A check that starts after this returns fails.
     * A revoked token cannot be granted again.
     *
     * @param tokenId the token id or a unique prefix of at least 8 hex digits
     * @return the ids revoked (the token first, then its descendants)
     * @throws HalException {@link ErrorCode#NOT_FOUND} for an unknown id, {@link ErrorCode#INVALID_ARGUMENT}
     *                      for an ambiguous prefix, {@link ErrorCode#IO} when the revocation is in effect but
     *                      could not be persisted
     */
    List<String> revoke(String tokenId) throws HalException;

    /**
     * @param tokenId a token id or a unique prefix of at least 8 hex digits
     * @return the granted token
     * @throws HalException {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#INVALID_ARGUMENT} (ambiguous)
     */
    Token token(String tokenId) throws HalException;

    /** @return every grant that is not revoked, sorted by principal then token id */
    List<Grant> grants();

    /** @return the denial log, oldest first (bounded) */
    List<Denial> denials();

    /** @return the keys, active first */
    List<KeyInfo> keys();

    /**
     * Generates a new key and makes it active; older keys keep verifying the tokens they signed.
     *
     * @return the new key
     * @throws HalException {@link ErrorCode#IO} when it cannot be stored (then nothing changes)
     */
    KeyInfo rotateKey() throws HalException;

    /**
     * Retires a key that is not active: deletes it and revokes every grant it signed.
     *
     * @param keyId the key id
     * @return the ids of the tokens revoked
     * @throws HalException {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#CONFLICT} for the active key,
     *                      {@link ErrorCode#IO}
     */
    List<String> retireKey(String keyId) throws HalException;

    /**
     * @param bundle a bundle
     * @return how the runtime identifies it
     */
    Identity identity(Bundle bundle);
}
