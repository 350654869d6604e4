package aegis.hal.capability.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A signed capability token, as decoded and verified by the capability service. A token grants
 * {@link #principal()} the {@link #permissions()} on the devfs paths that {@link #devices()} covers
 * from {@link #notBefore()} (inclusive) until {@link #expiry()} (exclusive). A token derived by
 * attenuation names its {@link #parent()}; revoking a token revokes everything derived from it.
 *
 * <p>{@link #encoded()} is the whole signed token as base64url text (no padding): the one form in
 * which tokens are stored, shown and presented. It has no algorithm field: every version-1 token is
 * signed with Ed25519 by the key {@link #keyId()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          the token id, 32 lower-case hex digits
 * @param parent      the id of the token this one was derived from, or {@code ""} for a root token
 * @param depth       0 for a root token, parent depth + 1 for a derived one
 * @param principal   the principal the token is bound to
 * @param permissions the permission mask ({@link Permission#bit()})
 * @param devices     the devfs path pattern (for example {@code /dev/audio/*} or {@code /dev/**})
 * @param notBefore   the first instant at which the token is valid
 * @param expiry      the first instant at which the token is no longer valid
 * @param keyId       the id of the signing key, 16 lower-case hex digits
 * @param encoded     the signed token as base64url text
 */
public record Token(String id, String parent, int depth, Principal principal, int permissions, String devices,
        Instant notBefore, Instant expiry, String keyId, String encoded) {

    /** Canonical constructor; checks that nothing is {@code null}. */
    public Token {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(encoded, "encoded");
    }

    /** @return whether this is a root token (issued by an administrator, not derived) */
    public boolean isRoot() {
        return parent.isEmpty();
    }

    /** @return the permissions as a set */
    public Set<Permission> permissionSet() {
        return Permission.of(permissions);
    }

    /** @return a one-line summary for people: id, principal, permissions, devices, validity */
    @Override
    public String toString() {
        return id + " " + principal + " " + Permission.names(permissions) + " " + devices + " [" + notBefore + ", "
                + expiry + ")" + (isRoot() ? "" : " parent=" + parent);
    }
}
