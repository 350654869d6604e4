package aegis.hal.cpu.internal;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CpuService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The default driver of class CPU (ranking 0): it serves every CPU device; a probe checks that a
 * logical CPU is still there. CPUs need no setup, so suspend, resume and remove do nothing. A more
 * specific driver (one that, say, pins a governor) outranks it. Stateless, thread-safe.
 */
@Component(service = Driver.class, property = {Driver.CLASSES + "=CPU", Driver.NAME + "=cpu",
    "service.ranking:Integer=0"})
public final class CpuDriver implements Driver {
    private final CpuService cpus;

    /** @param cpus the CPU service */
    @Activate
    public CpuDriver(@Reference(name = "cpus") CpuService cpus) {
        this.cpus = cpus;
    }

    @Override
    public int match(Device device) {
        return DeviceClass.CPU.equals(device.deviceClass()) && device.id().startsWith("cpu:") ? 1 : 0;
    }

    @Override
    public void probe(Device device) throws HalException {
        Object n = device.properties().get(CpuDeviceFactory.NUMBER);
        if (n instanceof Integer cpu && cpus.inventory().cpu(cpu).isEmpty()) {
            throw new HalException(ErrorCode.DEVICE_GONE, device.id() + ": CPU " + cpu + " is no longer on the host");
        }
    }

    @Override
    public void remove(Device device) {
        // nothing was taken
    }
}
