package aegis.hal.capability.api;

/**
 * A granted token and its state, as listed by {@link CapabilityAdmin#grants()}. Immutable and
 * thread-safe.
 *
 * @param token    the token
 * @param state    its state now
 * @param children how many tokens were derived from it directly and are still granted
 */
public record Grant(Token token, State state, int children) {
    /** The state of a grant. */
    public enum State {
        /** Valid now. */
        ACTIVE,
        /** Granted, but its not-before time is still ahead. */
        PENDING,
        /** Past its expiry; kept until the next write of the store. */
        EXPIRED
    }
}
