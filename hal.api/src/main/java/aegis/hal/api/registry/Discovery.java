package aegis.hal.api.registry;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Marks device discovery in progress, so that {@link DeviceRegistry#awaitSettled} (and so
 * {@code hal:await} and one-shot commands) also wait for devices that are still being found. A
 * subsystem that discovers off its activation thread calls {@link #begin} in {@code @Activate},
 * before it hands the work to its executor, and closes the handle when its devices are registered.
 *
 * <p>The mark is a whiteboard service (any object, with property {@link #PROPERTY} = the subsystem
 * name) that the registry counts while it exists, so a subsystem needs no reference to the registry.
 */
public final class Discovery implements AutoCloseable {
    /** Service property naming the subsystem whose discovery is in progress. */
    public static final String PROPERTY = "aegis.hal.discovery";

    private final ServiceRegistration<?> registration;

    private Discovery(ServiceRegistration<?> registration) {
        this.registration = registration;
    }

    /**
     * Marks discovery in progress.
     *
     * @param context   the subsystem's bundle context
     * @param subsystem its name, for example {@code "uefi"}
     * @return the handle to close when discovery has finished
     */
    public static Discovery begin(BundleContext context, String subsystem) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(PROPERTY, Objects.requireNonNull(subsystem, "subsystem"));
        return new Discovery(context.registerService(Object.class.getName(), new Marker(subsystem), p));
    }

    /** Ends the mark; safe to call more than once and after the bundle stopped. Thread-safe. */
    @Override
    public synchronized void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered before, or the bundle stopped
        }
    }

    private static final class Marker {
        private final String subsystem;

        Marker(String subsystem) {
            this.subsystem = subsystem;
        }

        @Override
        public String toString() {
            return "discovery of " + subsystem;
        }
    }
}
