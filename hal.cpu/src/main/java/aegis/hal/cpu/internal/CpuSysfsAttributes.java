package aegis.hal.cpu.internal;

import java.util.List;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuService;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.SysFs;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Publishes the {@code /sys/hal/cpu/...} attributes ({@link CpuAttributeFactory}) as {@link Attribute}
 * services. They are built on the "hal-cpu-sysfs" thread (building reads the inventory: host I/O)
 * and unregistered on deactivation. The CPU service is this bundle's own ({@code CpuServiceImpl}),
 * so that writes arrive as checked by sysfs. Thread-safe.
 */
@Component(immediate = true, service = {})
public final class CpuSysfsAttributes {
    private final BundleContext context;
    private final CpuAttributeFactory factory;
    private final Registrations registrations = new Registrations("hal-cpu-sysfs");

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SysFs sysfs;

    /**
     * Starts building and registering the attributes on the "hal-cpu-sysfs" thread.
     *
     * @param context the bundle context to register with
     * @param cpus    this bundle's CPU service
     * @param host    the host root
     */
    @Activate
    public CpuSysfsAttributes(BundleContext context,
            @Reference(name = "cpus", target = "(component.name=aegis.hal.cpu.internal.CpuServiceImpl)") CpuService cpus,
            @Reference(name = "host") HostRoot host) {
        this.context = context;
        this.factory = new CpuAttributeFactory(cpus, host, this::changed);
        registrations.start(this::register);
    }

    private void register() {
        try {
            List<Attribute> attributes = factory.build();
            for (Attribute a : attributes) {
                if (registrations.closed()) {
                    return;
                }
                ServiceRegistration<Attribute> reg = context.registerService(Attribute.class, a, null);
                if (!registrations.keep(() -> {
                    try {
                        reg.unregister();
                    } catch (IllegalStateException alreadyGone) {
                        // the bundle is stopping
                    }
                })) {
                    return;
                }
            }
            Logger l = logger;
            if (l != null) {
                l.info("registered {} CPU sysfs attributes", attributes.size());
            }
        } catch (Throwable t) { // task boundary: log, never lose the failure
            Logger l = logger;
            if (l != null) {
                l.error("CPU sysfs attributes not registered: {}", t.toString(), t);
            }
        }
    }

    /* Another CPU of the written cpufreq policy changed with it: tell sysfs, for its change event. */
    private void changed(String path) {
        SysFs s = sysfs;
        if (s == null) {
            return;
        }
        try {
            s.changed(path);
        } catch (HalException e) {
            Logger l = logger;
            if (l != null) {
                l.debug("no change event for {}: {}", path, e.getMessage());
            }
        }
    }

    /** Stops registering and unregisters every attribute. */
    @Deactivate
    public void deactivate() {
        registrations.close();
    }
}
