package aegis.hal.uefi.internal;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import org.osgi.service.component.annotations.Component;

/**
 * The default driver of class UEFI: binds the firmware and boot-entry devices of this bundle.
 * They need no setup; binding makes them ACTIVE. Stateless, thread-safe.
 */
@Component(property = {Driver.CLASSES + "=UEFI", Driver.NAME + "=uefi", "service.ranking:Integer=0"})
public final class UefiDriver implements Driver {
    @Override
    public int match(Device device) {
        return DeviceClass.UEFI.equals(device.deviceClass()) && device.id().startsWith("uefi:") ? 1 : 0;
    }

    @Override
    public void probe(Device device) {
        // nothing to set up: the firmware's variables are read on demand
    }

    @Override
    public void remove(Device device) {
        // nothing to release
    }
}
