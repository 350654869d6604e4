package aegis.hal.acpi.internal;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The default driver of ACPI devices: it matches every device of class {@code ACPI} with score 1
 * at ranking 0, so any specific driver outbids it. Probing only records the device; it touches no
 * hardware and evaluates no AML. Thread-safe.
 */
@Component(service = Driver.class, property = {
    Driver.CLASSES + "=ACPI",
    Driver.NAME + "=" + AcpiDriver.NAME,
    "service.ranking:Integer=0"
})
public final class AcpiDriver implements Driver {
    /** The driver's name. */
    public static final String NAME = "acpi-default";

    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    @Override
    public int match(Device device) {
        return DeviceClass.ACPI.equals(device.deviceClass()) ? 1 : 0;
    }

    @Override
    public void probe(Device device) throws HalException {
        if (!DeviceClass.ACPI.equals(device.deviceClass())) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, NAME + " serves only ACPI devices, not " + device);
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
