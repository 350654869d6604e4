package aegis.hal.capability.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Checks and uses capabilities. Enforcement points (devfs on every open, read, write and control;
 * sysfs on every attribute access; the service factories of guarded Device services) call
 * {@link #check(Subject, String, int)}: a lookup in a table precomputed from verified grants, never a
 * signature verification, that allocates nothing once the path was checked before.
 *
 * <p>The service is bundle-scoped: each bundle gets its own instance, bound to that bundle's
 * identity, which {@link #self()}, {@link #present(String)}, {@link #attenuate} and {@link #tokens()}
 * use. A bundle cannot act as another by passing someone else's {@code Bundle} object.
 *
 * <p>Masks are {@link Permission#bit()} masks. A check succeeds when every requested bit is held; a
 * mask of 0 asks for "any permission" (whether the path is visible at all). Revocation and expiry
 * take effect on the next check: a check that starts after {@code revoke} returned, or at or after
 * the expiry instant on the runtime's monotonic clock, fails.
 *
 * <p>Thread-safe: every method may be called from any thread at any time.
 */
@ProviderType
public interface CapabilityService {

    /**
     * Resolves a bundle's identity once; keep the result for later checks.
     *
     * @param bundle a bundle
     * @return its subject, never {@code null}; a bundle without a principal gets a subject for which
     *         every check fails (unless it is trusted)
     */
    Subject subject(Bundle bundle);

    /**
     * @param principal a principal
     * @return the subject for that principal (never trusted)
     */
    Subject subject(Principal principal);

    /** @return the subject of the bundle that got this service object */
    Subject self();

    /**
     * The hot path: whether the subject holds every permission of {@code permissions} on the devfs
     * path right now. O(1) and allocation-free after the first check of a path by the principal of
     * the subject since grants last changed. A denial is recorded in the audit log.
     *
     * @param subject     a subject from this service
     * @param devfsPath   a concrete devfs path, for example {@code /dev/block/nvme0n1}
     * @param permissions the requested mask; 0 asks whether any permission is held
     * @return whether the request is allowed; {@code false} for a subject that did not come from
     *         this service instance (for example one resolved before the service restarted)
     */
    boolean check(Subject subject, String devfsPath, int permissions);

    /**
     * Like {@link #check} but throws on denial, naming who, what path, and which permissions are
     * missing.
     *
     * @param subject     a subject from this service
     * @param devfsPath   a concrete devfs path
     * @param permissions the requested mask; 0 asks whether any permission is held
     * @throws HalException {@link ErrorCode#PERMISSION_DENIED} with a message such as
     *                      {@code media/player lacks WRITE on /dev/audio/pcm0p (holds READ)}
     */
    void require(Subject subject, String devfsPath, int permissions) throws HalException;

    /**
     * @param subject   a subject from this service
     * @param devfsPath a concrete devfs path
     * @return the mask the subject holds on the path right now ({@link Permission#ALL} if trusted);
     *         allocation-free like {@link #check}, and never recorded as a denial
     */
    int permissions(Subject subject, String devfsPath);

    /**
     * The predicate of the service hooks and guarded service factories: whether a bundle may see
     * (and get) a device service with this devfs path. Trusted bundles see everything; others see a
     * device when they hold any permission on its path; a device without a devfs path ({@code null})
     * is visible only to holders of {@link Permission#ADMIN} on {@code /dev/**}. Never throws: any
     * failure answers {@code false}.
     *
     * @param bundle    the consuming bundle
     * @param devfsPath the device's devfs path, or {@code null}
     * @return whether the bundle may see it
     */
    boolean visible(Bundle bundle, String devfsPath);

    /**
     * Decodes and verifies a token without granting it.
     *
     * @param encoded the base64url text of a token
     * @return the token
     * @throws HalException {@link ErrorCode#BAD_FORMAT} naming the byte offset when malformed;
     *                      {@link ErrorCode#PERMISSION_DENIED} when the signature does not verify or the key is
     *                      unknown
     */
    Token decode(String encoded) throws HalException;

    /**
     * Presents a signed token for the calling bundle: verifies it once and adds it to the table.
     *
     * @param encoded the base64url text of a token
     * @return the token, now granted
     * @throws HalException {@link ErrorCode#BAD_FORMAT} when malformed; {@link ErrorCode#PERMISSION_DENIED}
     *                      when the signature does not verify, the token was revoked, is expired, or is bound
     *                      to another principal than the calling bundle's
     */
    Token present(String encoded) throws HalException;

    /**
     * Derives a narrower token from one the calling bundle's principal holds, for itself or for a
     * helper, and grants it. The child has a subset of the permissions, a pattern that covers no
     * path the parent does not, an expiry no later than the parent's, and depth parent + 1 (bounded).
     *
     * @param parentId    the id of a token the caller holds
     * @param target      the principal the child is bound to
     * @param permissions the child's mask, a subset of the parent's
     * @param devices     the child's devfs pattern, within the parent's
     * @param expiry      the child's expiry, or {@code null} for the parent's
     * @return the child token, granted
     * @throws HalException {@link ErrorCode#NOT_FOUND} for an unknown parent; {@link ErrorCode#PERMISSION_DENIED}
     *                      when the caller does not hold the parent or the child would be wider;
     *                      {@link ErrorCode#INVALID_ARGUMENT} for a bad pattern or a depth over the bound
     */
    Token attenuate(String parentId, Principal target, int permissions, String devices, Instant expiry)
            throws HalException;

    /** @return the tokens granted to the calling bundle's principal that are not revoked (trusted: all) */
    List<Token> tokens();

    /**
     * Subscribes to grant changes. Bundles that are not trusted receive only events about their own
     * principal.
     *
     * @param listener the listener
     * @return closing it unsubscribes; idempotent
     */
    AutoCloseable subscribe(CapabilityListener listener);
}
