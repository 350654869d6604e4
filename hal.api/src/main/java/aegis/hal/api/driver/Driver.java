package aegis.hal.api.driver;

import aegis.hal.api.device.Device;
import aegis.hal.api.error.DeferProbeException;
import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver, published as an OSGi service. The registry asks it to score devices of the classes
 * it declares in {@link #CLASSES} and calls its lifecycle methods, each on a registry worker
 * thread (never the thread that registered a service) and each with a deadline.
 *
 * <p>Its {@code service.ranking} is its priority: the registry orders candidates by match score,
 * then by ranking, then by lowest {@code service.id}.
 *
 * <p>Service properties a driver registers with:
 * <ul>
 * <li>{@link #CLASSES} (required): the device class names it serves, a {@code String} or
 * {@code String[]}; a driver without it is never asked.</li>
 * <li>{@link #NAME} (recommended): a short, stable name shown by the shell and used by
 * {@code hal:bind}; defaults to the implementation class name.</li>
 * <li>{@code service.ranking}: its priority; 0 if absent.</li>
 * </ul>
 *
 * <p>The registry never calls two lifecycle methods for the same device at the same time; calls
 * for different devices may run concurrently, so implementations must be thread-safe.
 */
@ConsumerType
public interface Driver {
    /** Service property: the device class names this driver serves. */
    String CLASSES = "aegis.hal.driver.classes";
    /** Service property: the driver's short name. */
    String NAME = "aegis.hal.driver.name";

    /**
     * Scores how well this driver serves a device. Must be pure and deterministic: the same device
     * gives the same score, with no side effects, quickly.
     *
     * @param device a device of one of the declared classes
     * @return 0 if the driver cannot serve the device, else a positive score; higher is better
     */
    int match(Device device);

    /**
     * Prepares the driver. Called once, before its first probe.
     *
     * @throws HalException if the driver cannot work; none of its probes will then be tried
     */
    default void init() throws HalException {
        // nothing to prepare
    }

    /**
     * Takes the device into use.
     *
     * @param device the device, with a positive match score
     * @throws DeferProbeException if something the device needs is not there yet
     * @throws HalException        if the device cannot be used; the registry tries the next driver
     */
    void probe(Device device) throws HalException;

    /**
     * Puts a bound device into a low-power state, keeping it bound.
     *
     * @param device a device this driver has probed
     * @throws HalException if the device cannot be suspended; it stays active
     */
    default void suspend(Device device) throws HalException {
        // stateless devices need nothing
    }

    /**
     * Brings a suspended device back into use.
     *
     * @param device a device this driver has suspended
     * @throws HalException if the device cannot be resumed; it is marked FAILED
     */
    default void resume(Device device) throws HalException {
        // stateless devices need nothing
    }

    /**
     * Releases a device: after this returns the driver must not touch it again. Called when the
     * device goes away, when the driver is unbound or replaced, and after a late probe.
     *
     * @param device a device this driver has probed
     */
    void remove(Device device);

    /**
     * Says whether the device has users right now. Under the {@code idle} takeover policy the
     * registry never takes a busy device away from its driver.
     *
     * @param device a device this driver has probed
     * @return whether the device is in use; {@code false} by default
     */
    default boolean busy(Device device) {
        return false;
    }
}
