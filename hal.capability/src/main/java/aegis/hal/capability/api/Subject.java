package aegis.hal.capability.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A resolved caller for the fast checks of {@link CapabilityService}: a bundle or a principal whose
 * identity has been looked up once. Enforcement points (devfs handles, sysfs attributes, service
 * factories) resolve the subject when a bundle first opens something and keep it, so that each
 * later check is a table lookup that allocates nothing.
 *
 * <p>A subject stays valid while the runtime runs; grants that change after it was resolved are
 * seen by the next check. Implementations are immutable and thread-safe.
 */
@ProviderType
public interface Subject {
    /** @return the principal, or empty for a bundle that has none (it holds no grants) */
    Optional<Principal> principal();

    /**
     * @return whether the subject is trusted (the framework or a HAL-internal bundle): every check
     *         of a trusted subject succeeds
     */
    boolean trusted();
}
