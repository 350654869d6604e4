package aegis.hal.cpu.internal;

import java.util.List;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.cpu.CpuService;

import org.osgi.framework.BundleContext;

import aegis.hal.api.registry.Discovery;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.guard.GuardedRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Discovers the CPUs at start (cold plug) on its own thread and registers them as {@link Device}
 * services, parents first; unregisters them, children first, on deactivation. Thread-safe.
 */
@Component(immediate = true, service = {})
public final class CpuDevices {
    private final BundleContext context;
    private final CpuService cpus;
    private final Registrations registrations = new Registrations("hal-cpu-discovery");
    private final CapabilityService capabilities;
    private final Discovery discovery;

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
    private Logger logger;

    /**
     * Starts discovery on the "hal-cpu-discovery" thread.
     *
     * @param context the bundle context to register devices with
     * @param cpus    the CPU service
     * @param capabilities to hand each device only to bundles whose grants cover it (null in unit
     *                     tests: plain registrations)
     */
    @Activate
    public CpuDevices(BundleContext context, @Reference(name = "cpus") CpuService cpus,
            @Reference(name = "capabilities") CapabilityService capabilities) {
        this.context = context;
        this.cpus = cpus;
        this.capabilities = capabilities;
        this.discovery = Discovery.begin(context, "cpu");
        registrations.start(this::discover);
    }

    private void discover() {
        try {
            List<BasicDevice> devices = CpuDeviceFactory.devices(cpus.inventory());
            for (BasicDevice d : devices) {
                if (registrations.closed() || !registrations.keep(register(d))) {
                    return;
                }
            }
            Logger l = logger;
            if (l != null) {
                l.info("registered {} CPU devices", devices.size());
            }
        } catch (Throwable t) { // task boundary: log, never kill the thread silently
            Logger l = logger;
            if (l != null) {
                l.error("CPU discovery failed: {}", t.toString(), t);
            }
        } finally {
            discovery.close();
        }
    }

    private Runnable register(BasicDevice d) {
        return GuardedRegistration.registerDevice(context, capabilities, d);
    }

    /** Stops discovery and unregisters the devices, children first. */
    @Deactivate
    public void deactivate() {
        registrations.close();
    }
}
