package aegis.hal.api.device;

/**
 * The lifecycle state of a device, as driven by the registry.
 *
 * <pre>
 * DISCOVERED -&gt; MATCHING -&gt; PROBING -&gt; ACTIVE &lt;-&gt; SUSPENDED
 *                  |           |-&gt; DEFERRED (retried on every arrival)
 *                  |           '-&gt; FAILED (next candidate, if any)
 *                  '-&gt; QUARANTINED (only quarantined drivers match)
 * any -&gt; REMOVED (the device service went away)
 * </pre>
 */
public enum DeviceState {
    /** Registered, not bound, not being matched (also: unbound by an administrator). */
    DISCOVERED,
    /** The registry is asking the candidate drivers for their match scores. */
    MATCHING,
    /** A probe is waiting for something named in the status reason. */
    DEFERRED,
    /** A driver's {@code probe} is running. */
    PROBING,
    /** Bound to a driver and usable. */
    ACTIVE,
    /** Bound and suspended by the driver. */
    SUSPENDED,
    /** The last callback failed or missed its deadline; the reason says which and why. */
    FAILED,
    /** The only drivers that match it are quarantined after repeated failures. */
    QUARANTINED,
    /** The device service went away; the registry forgets it after this event. */
    REMOVED;

    /** @return whether a driver holds the device in this state */
    public boolean isBound() {
        return this == ACTIVE || this == SUSPENDED;
    }
}
