package aegis.hal.capability.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

import aegis.hal.api.device.Device;

/**
 * The visibility layer: a FindHook and an EventListenerHook applying one predicate. A service whose
 * {@code objectClass} names a guarded interface is shown to a bundle only when the bundle registered
 * it, is trusted, or holds any permission on the service's {@link Device#DEVFS} path (a guarded
 * service without that property: {@code ADMIN} on {@code /dev/**}). Admin-only interfaces are shown
 * only to trusted bundles. Fail closed: when deciding throws, the service is hidden.
 *
 * <p>{@code UNREGISTERING} events of a guarded service still reach bundles that are using it, so that
 * a consumer whose grant was revoked is unbound when the service is re-registered.
 *
 * <p>Thread-safe; the guarded sets are replaced whole.
 */
public final class VisibilityHooks implements FindHook, EventListenerHook {
    private final CapabilityEngine engine;
    private final IdentityResolver fallback;
    private volatile Set<String> guarded;
    private volatile Set<String> adminOnly;
    private final LongAdder failures = new LongAdder();

    /**
     * @param engine    the engine
     * @param guarded   the guarded interface names
     * @param adminOnly interface names shown to trusted bundles only
     */
    public VisibilityHooks(CapabilityEngine engine, Set<String> guarded, Set<String> adminOnly) {
        this(engine, null, guarded, adminOnly);
    }

    /**
     * @param engine    the engine, or {@code null} when it could not start: then guarded services are
     *                  shown only to trusted bundles (as {@code fallback} decides), the framework and the
     *                  registering bundle
     * @param fallback  decides trust when there is no engine; may be {@code null} (then nobody else)
     * @param guarded   the guarded interface names
     * @param adminOnly interface names shown to trusted bundles only
     */
    public VisibilityHooks(CapabilityEngine engine, IdentityResolver fallback, Set<String> guarded, Set<String> adminOnly) {
        this.engine = engine;
        this.fallback = fallback;
        this.guarded = Set.copyOf(guarded);
        this.adminOnly = Set.copyOf(adminOnly);
    }

    /**
     * @param guarded   new guarded interface names
     * @param adminOnly new admin-only interface names
     */
    public void configure(Set<String> guarded, Set<String> adminOnly) {
        this.guarded = Set.copyOf(guarded);
        this.adminOnly = Set.copyOf(adminOnly);
    }

    /** @return how many decisions failed (and hid the service) */
    public long failures() {
        return failures.sum();
    }

    /**
     * The predicate.
     *
     * @param consumer the bundle that looks or listens
     * @param ref      the service
     * @return whether the bundle may see the service; {@code false} when deciding fails
     */
    public boolean visible(Bundle consumer, ServiceReference<?> ref) {
        try {
            int kind = kind(ref);
            if (kind == 0) {
                return true;
            }
            if (consumer == null) {
                return false;
            }
            if (consumer.getBundleId() == 0) {
                return true;
            }
            Bundle owner = ref.getBundle();
            if (owner != null && owner.getBundleId() == consumer.getBundleId()) {
                return true;
            }
            if (engine == null) {
                return fallback != null
                        && fallback.resolve(consumer.getBundleId(), consumer.getSymbolicName(), consumer.getLocation()).trusted();
            }
            if (kind == 2) {
                return engine.subject(consumer).trusted();
            }
            Object devfs = ref.getProperty(Device.DEVFS);
            return engine.visible(consumer, devfs instanceof String s ? s : null);
        } catch (Throwable t) {
            failures.increment();
            return false;
        }
    }

    /** @return 0 unguarded, 1 guarded, 2 admin-only */
    private int kind(ServiceReference<?> ref) {
        Object oc = ref.getProperty(Constants.OBJECTCLASS);
        if (!(oc instanceof String[] classes)) {
            return 2; // cannot tell: treat as the most restricted
        }
        Set<String> g = guarded;
        Set<String> a = adminOnly;
        int kind = 0;
        for (String c : classes) {
            if (a.contains(c)) {
                return 2;
            }
            if (g.contains(c)) {
                kind = 1;
            }
        }
        return kind;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle consumer;
        try {
            consumer = context.getBundle();
        } catch (Throwable t) {
            consumer = null;
        }
        try {
            // a trusted consumer sees everything: decide once per lookup, not once per reference
            if (consumer != null && (consumer.getBundleId() == 0
                    || engine != null && engine.subject(consumer).trusted())) {
                return;
            }
            Iterator<ServiceReference<?>> it = references.iterator();
            while (it.hasNext()) {
                if (!visible(consumer, it.next())) {
                    it.remove();
                }
            }
        } catch (Throwable t) {
            failures.increment();
            try {
                references.clear();
            } catch (Throwable t2) {
                // the framework's collection refused removal: nothing more can be done here
            }
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        try {
            if (kind(ref) == 0) {
                return;
            }
        } catch (Throwable t) {
            failures.increment();
        }
        boolean unregistering = event.getType() == ServiceEvent.UNREGISTERING;
        Bundle[] using = null;
        if (unregistering) {
            try {
                using = ref.getUsingBundles();
            } catch (Throwable t) {
                using = null;
            }
        }
        try {
            Iterator<BundleContext> it = listeners.keySet().iterator();
            while (it.hasNext()) {
                Bundle b;
                try {
                    b = it.next().getBundle();
                } catch (IllegalStateException e) {
                    it.remove();
                    continue;
                }
                if (!visible(b, ref) && !(unregistering && contains(using, b))) {
                    it.remove();
                }
            }
        } catch (Throwable t) {
            failures.increment();
            try {
                listeners.clear();
            } catch (Throwable t2) {
                // nothing more can be done here
            }
        }
    }

    private static boolean contains(Bundle[] bundles, Bundle b) {
        if (bundles == null || b == null) {
            return false;
        }
        for (Bundle x : bundles) {
            if (x.getBundleId() == b.getBundleId()) {
                return true;
            }
        }
        return false;
    }
}
