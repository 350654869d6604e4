package aegis.hal.capability.api;

import java.util.Optional;

/**
 * How the runtime sees a bundle, as shown by {@code cap:whoami}. Immutable and thread-safe.
 *
 * @param bundleId     the bundle id
 * @param symbolicName the bundle symbolic name (may be {@code null} for a legacy bundle)
 * @param location     the bundle location
 * @param principal    its principal, if it has one
 * @param trusted      whether it is trusted (sees every device, may use {@link CapabilityAdmin})
 * @param source       why: {@code system bundle}, {@code deploy folder}, {@code configuration},
 *                     {@code trusted name}, or {@code none}
 */
public record Identity(long bundleId, String symbolicName, String location, Optional<Principal> principal,
        boolean trusted, String source) {
}
