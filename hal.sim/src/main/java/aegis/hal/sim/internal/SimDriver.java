package aegis.hal.sim.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import aegis.hal.api.device.Device;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.HalException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The generic driver of simulated devices: matches every SIM device with score 1 (or its
 * {@code sim.score}) at ranking 0, and behaves as the device's fault-injection properties say.
 */
@Component(property = { Driver.CLASSES + "=SIM", Driver.NAME + "=" + SimDriver.NAME, "service.ranking:Integer=0" })
public final class SimDriver implements Driver {
    /** The driver's name. */
    public static final String NAME = "sim-generic";

    private final BundleContext context;
    private final Set<String> probed = ConcurrentHashMap.newKeySet();

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
        probed.add(device.id());
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
        probed.remove(device.id());
    }

    @Override
    public boolean busy(Device device) {
        return SimBehaviour.busy(device);
    }
}
