package aegis.hal.sim.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import aegis.hal.api.device.Device;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.devfs.DeviceIo;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The generic driver of simulated devices: matches every SIM device with score 1 (or its
 * {@code sim.score}) at ranking 0, and behaves as the device's fault-injection properties say. It
 * serves the devfs nodes of devices with {@code sim.size} (a RAM disk) or {@code sim.backing} (a file).
 */
@Component(service = Driver.class, property = { Driver.CLASSES + "=SIM", Driver.NAME + "=" + SimDriver.NAME,
        "service.ranking:Integer=0" })
public final class SimDriver implements Driver, DeviceIo {
    /** The driver's name. */
    public static final String NAME = "sim-generic";

    private final BundleContext context;
    private final Map<String, SimStorage> probed = new ConcurrentHashMap<>();
    private static final SimStorage NONE = new SimStorage() {
        @Override
        long size() {
            return -1;
        }

        @Override
        int read(long offset, ByteBuffer dst) throws HalException {
            throw new HalException(ErrorCode.UNSUPPORTED, "this simulated device has no storage (sim.size, sim.backing)");
        }

        @Override
        int write(long offset, ByteBuffer src) throws HalException {
            throw new HalException(ErrorCode.UNSUPPORTED, "this simulated device has no storage (sim.size, sim.backing)");
        }
    };

    /** @param context to look up devices a deferred probe waits for */
    @Activate
    public SimDriver(BundleContext context) {
        this.context = context;
    }

    @Override
    public int match(Device device) {
        return SimBehaviour.score(device, 1);
    }

    @Override
    public void probe(Device device) throws HalException {
        SimBehaviour.probe(device, this::present, NAME);
        SimStorage storage = SimStorage.open(device);
        SimStorage old = probed.put(device.id(), storage == null ? NONE : storage);
        if (old != null) {
            old.close();
        }
    }

    private boolean present(String id) {
        try {
            return !context.getServiceReferences(Device.class, "(" + Device.ID + "=" + id + ")").isEmpty();
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    @Override
    public void suspend(Device device) throws HalException {
        SimBehaviour.power(device, "suspend");
    }

    @Override
    public void resume(Device device) throws HalException {
        SimBehaviour.power(device, "resume");
    }

    @Override
    public void remove(Device device) {
        SimStorage s = probed.remove(device.id());
        if (s != null) {
            s.close();
        }
    }

    private SimStorage storage(Device device) throws HalException {
        SimStorage s = probed.get(device.id());
        if (s == null) {
            throw new HalException(ErrorCode.DEVICE_GONE, NAME + " does not hold " + device.id());
        }
        return s;
    }

    @Override
    public long size(Device device) throws HalException {
        return storage(device).size();
    }

    @Override
    public int read(Device device, long offset, ByteBuffer dst) throws HalException {
        return storage(device).read(offset, dst);
    }

    @Override
    public int write(Device device, long offset, ByteBuffer src) throws HalException {
        return storage(device).write(offset, src);
    }

    @Override
    public boolean busy(Device device) {
        return SimBehaviour.busy(device);
    }
}
