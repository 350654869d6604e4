package aegis.hal.block.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;

/**
 * The generic block driver (ranking 0): serves every BLOCK device with score {@value #SCORE}, so that
 * a specific driver (NVMe, ...) outbids it. Its probe checks that the device is still on the host.
 */
@Component(service = Driver.class, property = {Driver.CLASSES + "=BLOCK", Driver.NAME + "=" + BlockDriver.NAME,
        "service.ranking:Integer=0"})
public final class BlockDriver implements Driver {
    /** The driver name. */
    public static final String NAME = "block";
    /** The match score for any block device. */
    public static final int SCORE = 1;

    private final HostRoot host;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    /** @param host the host root to check devices against */
    @Activate
    public BlockDriver(@Reference(name = "host") HostRoot host) {
        this.host = host;
    }

    @Override
    public int match(Device device) {
        return DeviceClass.BLOCK.equals(device.deviceClass()) ? SCORE : 0;
    }

    @Override
    public void probe(Device device) throws HalException {
        Object path = device.properties().get(Device.HOST_PATH);
        if (path instanceof String p && !p.isEmpty() && !host.exists(p)) {
            throw new HalException(ErrorCode.DEVICE_GONE, device.id() + ": " + p + " no longer exists on " + host);
        }
        bound.add(device.id());
    }

    @Override
    public void remove(Device device) {
        bound.remove(device.id());
    }

    /** @return how many devices this driver holds */
    int boundCount() {
        return bound.size();
    }
}
