package aegis.hal.api.registry;

import aegis.hal.api.device.Device;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears, synchronously, that a driver is about to let go of a device: a whiteboard service the
 * registry calls on its worker thread right before the driver's {@code remove()} (or, for a
 * takeover, before its {@code suspend()}). devfs uses it to close the door on open handles and to
 * wait for calls already inside the driver, so that nothing reaches a driver after it released the
 * device.
 *
 * <p>Implementations must be quick and thread-safe, may block only to drain calls already in
 * progress, must not call back into the registry, and must not throw (a throw is ignored).
 */
@ConsumerType
public interface BindingListener {
    /**
     * The driver is about to release the device.
     *
     * @param device          the device
     * @param driverServiceId the service id of the driver releasing it
     */
    void releasing(Device device, long driverServiceId);

    /**
     * A driver now holds the device (its probe succeeded).
     *
     * @param device          the device
     * @param driverServiceId the service id of the driver holding it
     */
    default void bound(Device device, long driverServiceId) {
    }
}
