package aegis.hal.capability.guard;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import aegis.hal.api.device.Device;
import aegis.hal.capability.api.CapabilityEvent;
import aegis.hal.capability.api.CapabilityService;

/**
 * A device service registered through a {@link ServiceFactory} that checks, for each consuming
 * bundle, that its grants cover the service's {@link Device#DEVFS} path, so that a bundle that gets
 * hold of the reference by another channel ({@code Bundle.getRegisteredServices()}, a reference
 * passed by another bundle) still gets {@code null} from {@code getService}. The registering bundle
 * always gets its own service.
 *
 * <p>It also follows grant changes: when a grant is revoked or expires and a bundle that uses the
 * service is no longer covered, the service is unregistered and registered again with the same
 * properties, so that DS components and trackers of every consumer see {@code UNREGISTERING}
 * (the hooks let that event through to users) and only covered bundles see it come back. When a
 * grant that covers the path is added or becomes valid, the properties are set again, so that
 * listeners of the newly covered bundle get a {@code MODIFIED} event and pick it up.
 *
 * <p>Use:
 * <pre>
 * GuardedRegistration&lt;Device&gt; reg = GuardedRegistration.register(context, capabilities, Device.class,
 *         device, device.serviceProperties());
 * ...
 * reg.close(); // unregisters
 * </pre>
 * Fail closed: if the capability service throws, or after {@link #close()}, {@code getService}
 * answers {@code null}. Thread-safe.
 *
 * @param <S> the service type
 */
public final class GuardedRegistration<S> implements AutoCloseable {
    private final BundleContext context;
    private final CapabilityService capabilities;
    private final String type;
    private final S service;
    private final long owner;
    private final AutoCloseable subscription;
    private Dictionary<String, Object> properties;
    private ServiceRegistration<?> registration;
    private boolean closed;
    private int reregistrations;

    private GuardedRegistration(BundleContext context, CapabilityService capabilities, Class<S> type, S service,
            Dictionary<String, ?> properties) {
        this.context = context;
        this.capabilities = capabilities;
        this.type = type.getName();
        this.service = service;
        this.owner = context.getBundle().getBundleId();
        this.properties = copy(properties);
        this.registration = context.registerService(this.type, new Factory(), this.properties);
        this.subscription = capabilities.subscribe(this::changed);
    }

    /**
     * Registers a service guarded per consuming bundle.
     *
     * @param <S>          the service type
     * @param context      the registering bundle's context
     * @param capabilities the capability service (the registering bundle's own instance)
     * @param type         the service interface
     * @param service      the service object
     * @param properties   its service properties; {@link Device#DEVFS} names the path checked (without it,
     *                     only bundles holding ADMIN on {@code /dev/**} get the service)
     * @return the registration; {@link #close()} unregisters it
     * @throws IllegalStateException if the context is no longer valid
     */
    public static <S> GuardedRegistration<S> register(BundleContext context, CapabilityService capabilities,
            Class<S> type, S service, Dictionary<String, ?> properties) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        return new GuardedRegistration<>(context, capabilities, type, service, properties);
    }

    /**
     * Registers a device the way every subsystem does: guarded when a capability service is given;
     * plainly when it is {@code null}, which only unit tests that build a component by hand do.
     *
     * @param context      the registering bundle's context
     * @param capabilities the capability service, or {@code null} in unit tests
     * @param device       the device
     * @return what unregisters it; safe to run more than once and after the bundle stopped
     */
    public static Runnable registerDevice(BundleContext context, CapabilityService capabilities,
            aegis.hal.api.device.BasicDevice device) {
        if (capabilities != null) {
            return register(context, capabilities, Device.class, device, device.serviceProperties())::close;
        }
        org.osgi.framework.ServiceRegistration<Device> reg = context.registerService(Device.class, device,
                device.serviceProperties());
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered before, or the bundle stopped
            }
        };
    }

    /** @return the current service reference (it changes when the service is re-registered) */
    public synchronized ServiceReference<?> reference() {
        return registration.getReference();
    }

    /** @return how many times the service was re-registered to unbind consumers */
    public synchronized int reregistrations() {
        return reregistrations;
    }

    /**
     * Replaces the service properties.
     *
     * @param properties the new properties
     */
    public synchronized void setProperties(Dictionary<String, ?> properties) {
        this.properties = copy(properties);
        if (!closed) {
            registration.setProperties(this.properties);
        }
    }

    /**
     * Whether a bundle may get the service now: the predicate of the factory.
     *
     * @param bundle a consuming bundle
     * @return whether it may
     */
    public boolean allows(Bundle bundle) {
        if (bundle == null) {
            return false;
        }
        if (bundle.getBundleId() == owner) {
            return true;
        }
        try {
            return capabilities.visible(bundle, devfs());
        } catch (Throwable t) {
            return false;
        }
    }

    private synchronized String devfs() {
        Object p = properties.get(Device.DEVFS);
        return p instanceof String s ? s : null;
    }

    /**
     * Re-checks every bundle that uses the service and re-registers it when one is no longer
     * covered. Called on revocation and expiry; callable any time.
     *
     * @return whether it re-registered
     */
    public synchronized boolean revalidate() {
        if (closed) {
            return false;
        }
        Bundle[] using;
        try {
            using = registration.getReference().getUsingBundles();
        } catch (IllegalStateException e) {
            return false;
        }
        if (using == null) {
            return false;
        }
        for (Bundle b : using) {
            if (!allows(b)) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // already gone
                }
                registration = context.registerService(type, new Factory(), properties);
                reregistrations++;
                return true;
            }
        }
        return false;
    }

    private void changed(CapabilityEvent event) {
        if (event.narrows() && revalidate()) {
            return; // re-registered: every bundle that may see it now gets a REGISTERED event
        }
        if (event.widens()) {
            synchronized (this) {
                if (!closed) {
                    try {
                        registration.setProperties(properties);
                    } catch (IllegalStateException e) {
                        // unregistered meanwhile
                    }
                }
            }
        }
    }

    /** Unregisters the service and stops following grant changes. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        }
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing held
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, ?> in) {
        Hashtable<String, Object> out = new Hashtable<>();
        if (in != null) {
            for (var e = in.keys(); e.hasMoreElements();) {
                String k = e.nextElement();
                out.put(k, in.get(k));
            }
        }
        return out;
    }

    private final class Factory implements ServiceFactory<Object> {
        @Override
        public Object getService(Bundle bundle, ServiceRegistration<Object> reg) {
            synchronized (GuardedRegistration.this) {
                if (closed) {
                    return null;
                }
            }
            return allows(bundle) ? service : null;
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<Object> reg, Object s) {
            // nothing held per bundle
        }
    }
}
