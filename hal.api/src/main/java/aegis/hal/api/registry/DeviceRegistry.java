package aegis.hal.api.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Queries and controls the binding of devices to drivers. Registered as a service by the
 * registry bundle. All methods are thread-safe; listings are consistent snapshots.
 *
 * <p>Control methods ({@link #bind}, {@link #unbind}, {@link #rebind}, the power methods) wait
 * until the registry has carried the operation out, bounded by the callback deadlines.
 */
@ProviderType
public interface DeviceRegistry {
    /** @return every device the registry knows, sorted by id */
    List<DeviceInfo> devices();

    /**
     * @param id a device id
     * @return that device, if known
     */
    Optional<DeviceInfo> device(String id);

    /** @return every driver, sorted by name then service id */
    List<DriverInfo> drivers();

    /**
     * Explains a device's binding.
     *
     * @param deviceId a device id
     * @return every candidate with its score, ranking and service id, best first, and the deciding rule
     * @throws HalException {@code NOT_FOUND} for an unknown id
     */
    Explanation explain(String deviceId) throws HalException;

    /**
     * Binds a device to a named driver, replacing the current one (remove, then probe; on failure
     * the previous driver is probed again). The device stays pinned to that driver until
     * {@link #rebind} or {@link #unbind}.
     *
     * @param deviceId a device id
     * @param driver   a driver name or service id
     * @return the device afterwards
     * @throws HalException {@code NOT_FOUND} for an unknown device or driver, {@code INVALID_ARGUMENT}
     *                      if the driver does not serve the device's class or scores it 0,
     *                      {@code DRIVER_FAILED}/{@code TIMEOUT}/{@code DEFERRED} if the probe fails
     */
    DeviceInfo bind(String deviceId, String driver) throws HalException;

    /**
     * Releases a device from its driver and leaves it unbound until {@link #rebind}.
     *
     * @param deviceId a device id
     * @return the device afterwards
     * @throws HalException {@code NOT_FOUND} for an unknown id
     */
    DeviceInfo unbind(String deviceId) throws HalException;

    /**
     * Releases a device and binds it again to the best driver, clearing a pin or an unbind.
     *
     * @param deviceId a device id
     * @return the device afterwards
     * @throws HalException {@code NOT_FOUND} for an unknown id
     */
    DeviceInfo rebind(String deviceId) throws HalException;

    /**
     * Suspends a device and its bound descendants, children first; on a failure resumes what it
     * suspended, in reverse order.
     *
     * @param deviceId a device id
     * @return the steps taken
     * @throws HalException {@code NOT_FOUND} for an unknown id
     */
    PowerReport suspend(String deviceId) throws HalException;

    /**
     * Resumes a device and its suspended descendants, parents first.
     *
     * @param deviceId a device id
     * @return the steps taken
     * @throws HalException {@code NOT_FOUND} for an unknown id
     */
    PowerReport resume(String deviceId) throws HalException;

    /** @return the steps of suspending every active device, children before parents */
    PowerReport suspendAll();

    /** @return the steps of resuming every suspended device, parents before children */
    PowerReport resumeAll();

    /** @return the quarantined drivers */
    List<DriverInfo> quarantined();

    /**
     * Lifts a quarantine and retries the devices it held back.
     *
     * @param driver a driver name or service id, or {@code "all"}
     * @return how many drivers were released
     * @throws HalException {@code NOT_FOUND} if no such driver is quarantined
     */
    int clearQuarantine(String driver) throws HalException;

    /**
     * @param limit the most transitions to return
     * @return the latest transitions, oldest first
     */
    List<Transition> transitions(int limit);

    /** @return the configuration in force, by property name */
    Map<String, Object> configuration();

    /**
     * Waits until the registry is settled: nothing queued, no callback running, no handover
     * pending, and the framework has started.
     *
     * @param timeout how long to wait at most
     * @return whether it settled in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitSettled(Duration timeout) throws InterruptedException;
}
