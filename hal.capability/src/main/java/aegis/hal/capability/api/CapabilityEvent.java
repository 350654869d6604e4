package aegis.hal.capability.api;

import java.util.Objects;

/**
 * A change of grants, delivered to {@link CapabilityListener}s (and posted on EventAdmin under
 * {@code aegis/hal/capability/<TYPE>}). Immutable and thread-safe.
 *
 * @param type      what happened
 * @param principal the principal whose grants changed
 * @param tokenId   the token that changed
 * @param devices   the devfs pattern of the token
 */
public record CapabilityEvent(Type type, Principal principal, String tokenId, String devices) {
    /** EventAdmin topic prefix; the {@link Type} name follows. */
    public static final String TOPIC_PREFIX = "aegis/hal/capability/";

    /** What happened to a grant. */
    public enum Type {
        /** A token was granted and is valid now. */
        GRANTED,
        /** A granted token reached its not-before time and became valid. */
        ACTIVATED,
        /** A token (or an ancestor of it) was revoked. */
        REVOKED,
        /** A token reached its expiry. */
        EXPIRED,
        /** A check was denied (posted on EventAdmin only, never delivered to listeners). */
        DENIED,
        /**
         * The configuration gave a bundle another identity: it gained or lost this principal (or
         * its trust changed). What the principal's bundles may see may have grown or shrunk, so
         * holders of device services check their consumers again and announce the services anew.
         * {@code tokenId} is empty and {@code devices} is {@code /dev/**}.
         *
         * @since 1.1
         */
        IDENTITY
    }

    /** Canonical constructor; checks that nothing is {@code null}. */
    public CapabilityEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(devices, "devices");
    }

    /** @return whether the principal may have lost access by this event */
    public boolean narrows() {
        return type == Type.REVOKED || type == Type.EXPIRED || type == Type.IDENTITY;
    }

    /** @return whether the principal may have gained access by this event */
    public boolean widens() {
        return type == Type.GRANTED || type == Type.ACTIVATED || type == Type.IDENTITY;
    }
}
