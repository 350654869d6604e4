package aegis.hal.capability.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when grants change, so that holders of device services can drop what a principal may no
 * longer use (for example re-register a Device service so that DS consumers are unbound). Register
 * through {@link CapabilityService#subscribe(CapabilityListener)}.
 *
 * <p>Called on a thread of the capability service, after the change is in effect (a check that
 * starts after the call begins sees it); calls for one listener do not overlap. An implementation
 * returns quickly and must not throw; an exception is logged and ignored.
 */
@ConsumerType
@FunctionalInterface
public interface CapabilityListener {
    /**
     * @param event what changed
     */
    void changed(CapabilityEvent event);
}
