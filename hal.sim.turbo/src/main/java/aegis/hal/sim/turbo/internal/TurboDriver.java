package aegis.hal.sim.turbo.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import aegis.hal.api.device.Device;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

import org.osgi.service.component.annotations.Component;

/**
 * An example of a more specific driver bundle: it serves simulated devices with score 2 at
 * ranking 10, so it outbids the generic simulated driver. Devices whose {@code sim.turbo}
 * property is {@code no} score 0; {@code sim.turbo=fail} makes its probe fail (to see the
 * registry fall back to the next candidate).
 */
@Component(property = { Driver.CLASSES + "=SIM", Driver.NAME + "=" + TurboDriver.NAME, "service.ranking:Integer=10" })
public final class TurboDriver implements Driver {
    /** The driver's name. */
    public static final String NAME = "sim-turbo";

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public int match(Device device) {
        return "no".equals(device.properties().get("sim.turbo")) ? 0 : 2;
    }

    @Override
    public void probe(Device device) throws HalException {
        if ("fail".equals(device.properties().get("sim.turbo"))) {
            throw new HalException(ErrorCode.DRIVER_FAILED, NAME + ": refuses " + device.id());
        }
        held.add(device.id());
    }

    @Override
    public void remove(Device device) {
        held.remove(device.id());
    }
}
