package aegis.hal.sysfs.internal;

import java.util.function.Function;

import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Subject;

/**
 * A bundle that uses sysfs (or provides attributes): its id, a label for messages, and its
 * capability {@link Subject}, resolved once per capability service instance. Thread-safe.
 */
final class Caller {
    private record Resolved(CapabilityService service, Subject subject) {
    }

    private final long bundleId;
    private final String label;
    private final Function<CapabilityService, Subject> resolver;
    private volatile Resolved resolved;

    /**
     * @param bundleId the bundle id
     * @param label    for messages, e.g. {@code bundle 12 com.example.app}
     * @param resolver resolves the subject from a capability service
     */
    Caller(long bundleId, String label, Function<CapabilityService, Subject> resolver) {
        this.bundleId = bundleId;
        this.label = label;
        this.resolver = resolver;
    }

    /**
     * @param bundle a bundle
     * @return the caller for it; its subject comes from {@code CapabilityService.subject(bundle)}
     */
    static Caller of(org.osgi.framework.Bundle bundle) {
        return new Caller(bundle.getBundleId(), "bundle " + bundle.getBundleId() + " " + bundle.getSymbolicName(),
                cap -> cap.subject(bundle));
    }

    long bundleId() {
        return bundleId;
    }

    String label() {
        return label;
    }

    /**
     * @param service the capability service now in force
     * @return the caller's subject for that service
     */
    Subject subject(CapabilityService service) {
        Resolved r = resolved;
        if (r != null && r.service == service) {
            return r.subject;
        }
        Subject s = resolver.apply(service);
        resolved = new Resolved(service, s);
        return s;
    }

    @Override
    public String toString() {
        return label;
    }
}
