package aegis.hal.uefi.internal;

import java.util.List;

import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Subject;
import aegis.hal.uefi.UefiService;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.EfiVariable;
import aegis.hal.uefi.model.SecureBootState;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link UefiService} one bundle gets: reads go straight to the firmware store; every write
 * first checks that the calling bundle holds ADMIN and WRITE on the firmware node
 * ({@value DeviceSync#FIRMWARE_NODE}), and then still needs {@code writes.enabled} (PID
 * {@value UefiServiceImpl#PID}). The {@code uefi:} commands are the administrator's console and
 * act with this bundle's own, trusted identity.
 */
@Component(service = UefiService.class, scope = ServiceScope.BUNDLE)
public final class UefiServiceForBundle implements UefiService {
    static final int WRITE_MASK = Permission.mask(Permission.ADMIN, Permission.WRITE);

    private final UefiServiceImpl firmware;
    private final CapabilityService capabilities;
    private final Subject subject;

    /**
     * @param context      for the using bundle
     * @param firmware     the firmware store
     * @param capabilities the capability service
     */
    @Activate
    public UefiServiceForBundle(ComponentContext context, @Reference UefiServiceImpl firmware,
            @Reference CapabilityService capabilities) {
        this(context.getUsingBundle(), firmware, capabilities);
    }

    UefiServiceForBundle(Bundle user, UefiServiceImpl firmware, CapabilityService capabilities) {
        this.firmware = firmware;
        this.capabilities = capabilities;
        this.subject = capabilities.subject(user);
    }

    private void mayWrite() throws HalException {
        capabilities.require(subject, DeviceSync.FIRMWARE_NODE, WRITE_MASK);
    }

    @Override
    public boolean isEfiSystem() {
        return firmware.isEfiSystem();
    }

    @Override
    public List<EfiVariable> variables() throws HalException {
        return firmware.variables();
    }

    @Override
    public BootManager bootManager() throws HalException {
        return firmware.bootManager();
    }

    @Override
    public SecureBootState secureBoot() throws HalException {
        return firmware.secureBoot();
    }

    @Override
    public void setBootOrder(List<Integer> order) throws HalException {
        mayWrite();
        firmware.setBootOrder(order);
    }

    @Override
    public void setBootNext(int number) throws HalException {
        mayWrite();
        firmware.setBootNext(number);
    }

    @Override
    public int createBootEntry(String description, byte[] devicePath, byte[] optionalData, boolean active)
            throws HalException {
        mayWrite();
        return firmware.createBootEntry(description, devicePath, optionalData, active);
    }

    @Override
    public void deleteBootEntry(int number) throws HalException {
        mayWrite();
        firmware.deleteBootEntry(number);
    }
}
