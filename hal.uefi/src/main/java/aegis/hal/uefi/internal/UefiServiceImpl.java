package aegis.hal.uefi.internal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.SysFs;
import aegis.hal.uefi.UefiService;
import aegis.hal.uefi.internal.jna.JnaFiles;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.EfiVariable;
import aegis.hal.uefi.model.SecureBootState;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;

import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.guard.GuardedRegistration;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The UEFI subsystem: provides {@link UefiService} over {@code <root>/sys/firmware/efi/efivars}
 * and registers the UEFI devices (the firmware and one per Boot#### entry) and the read-only sysfs
 * attributes under {@code /sys/hal/uefi} ({@link SysfsShape}) from its own executor, again after
 * each successful write (then telling sysfs which values changed). On a host without
 * {@code /sys/firmware/efi} it registers no device and no attribute, and every read answers "not an
 * EFI system".
 */
@Component(service = UefiServiceImpl.class, configurationPid = UefiServiceImpl.PID, immediate = true)
@Designate(ocd = UefiServiceImpl.Config.class)
public final class UefiServiceImpl implements UefiService {
    /** The configuration PID. */
    public static final String PID = "aegis.hal.uefi";
    static final String EFI_DIR = "/sys/firmware/efi";
    static final String EFIVARS_DIR = EFI_DIR + "/efivars";

    /** Configuration of the UEFI subsystem. */
    @ObjectClassDefinition(name = "Aegis HAL UEFI", description = "EFI variables, boot manager, Secure Boot")
    public @interface Config {
        /**
         * @return whether the write operations (BootOrder, BootNext, create, delete) are allowed;
         *         the stand-in for the ADMIN+WRITE capability check until hal.capability exists
         */
        @AttributeDefinition(name = "Writes enabled",
                description = "Allow changes to firmware variables (until capability checks exist)")
        boolean writes_enabled() default false;
    }

    @Reference(service = LoggerFactory.class)
    private volatile Logger logger;

    /** To report values changed by this subsystem's writes; optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SysFs sysFs;

    private final HostRoot host;
    private final boolean writesEnabled;
    private final EfiStore store;
    private final UefiReader reader;
    private final BootWriter writer;
    private final DeviceSync devices;
    private final AttributeSync attributes;
    private final ExecutorService executor;
    private final Object writeLock = new Object();

    /**
     * @param host    the host root
     * @param config  the configuration
     * @param context the bundle context, to register devices and sysfs attributes
     * @param capabilities to hand each device only to bundles whose grants cover it
     */
    @Activate
    public UefiServiceImpl(@Reference HostRoot host, Config config, BundleContext context,
            @Reference CapabilityService capabilities) {
        this(host, config, new DeviceSync((type, device, props) -> GuardedRegistration.register(context, capabilities,
                type, device, props)::close), new AttributeSync(a -> {
                    ServiceRegistration<Attribute> r = context.registerService(Attribute.class, a, null);
                    return r::unregister;
                }), UefiServiceImpl::loadNatives);
        aegis.hal.api.registry.Discovery discovery = aegis.hal.api.registry.Discovery.begin(context, "uefi");
        executor.execute(() -> {
            try {
                syncDevices();
            } finally {
                discovery.close();
            }
        });
    }

    UefiServiceImpl(HostRoot host, Config config, DeviceSync devices, AttributeSync attributes,
            Supplier<NativeFiles> natives) {
        this.host = host;
        this.writesEnabled = config.writes_enabled();
        this.store = new EfiStore(host, EFIVARS_DIR, natives);
        this.reader = new UefiReader(store);
        this.writer = new BootWriter(store);
        this.devices = devices;
        this.attributes = attributes;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hal-uefi-devices");
            t.setDaemon(true);
            return t;
        });
    }

    private static NativeFiles loadNatives() {
        return JnaFiles.load();
    }

    /** Stops the executor, then unregisters the attributes and the devices. */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attributes.clear();
        devices.clear();
    }

    /**
     * Registers or updates the devices and the sysfs attributes from one snapshot, then reports the
     * attribute values that changed to sysfs; runs on the executor.
     */
    void syncDevices() {
        try {
            if (!isEfiSystem()) {
                log("UEFI: not an EFI system ({} is absent); no UEFI devices or attributes", host.resolve(EFI_DIR));
                attributes.clear();
                devices.clear();
                return;
            }
            BootManager bm = reader.bootManager();
            SecureBootState sb = reader.secureBoot();
            devices.sync(host, bm, sb);
            attributes.sync(SysfsShape.Source.live(reader), bm, sb).forEach(this::changed);
        } catch (HalException | RuntimeException | LinkageError e) {
            if (logger != null) {
                logger.error("UEFI: cannot register the UEFI devices and attributes: {}", e.toString(), e);
            }
        }
    }

    /** Tells sysfs (when present) that an attribute's value changed, so that watchers get an event. */
    private void changed(String path) {
        SysFs fs = sysFs;
        if (fs == null) {
            return;
        }
        try {
            fs.changed(path);
        } catch (HalException | RuntimeException e) {
            if (logger != null) {
                logger.debug("UEFI: sysfs did not take the change of {}: {}", path, e.toString());
            }
        }
    }

    private void log(String format, Object arg) {
        if (logger != null) {
            logger.info(format, arg);
        }
    }

    @Override
    public boolean isEfiSystem() {
        return host.exists(EFI_DIR);
    }

    @Override
    public List<EfiVariable> variables() throws HalException {
        requireEfi();
        return reader.variables();
    }

    @Override
    public BootManager bootManager() throws HalException {
        requireEfi();
        return reader.bootManager();
    }

    @Override
    public SecureBootState secureBoot() throws HalException {
        requireEfi();
        return reader.secureBoot();
    }

    @Override
    public void setBootOrder(List<Integer> order) throws HalException {
        write(() -> {
            writer.setBootOrder(order);
            return null;
        });
    }

    @Override
    public void setBootNext(int number) throws HalException {
        write(() -> {
            writer.setBootNext(number);
            return null;
        });
    }

    @Override
    public int createBootEntry(String description, byte[] devicePath, byte[] optionalData, boolean active)
            throws HalException {
        return write(() -> writer.create(description, devicePath.clone(), optionalData.clone(), active));
    }

    @Override
    public void deleteBootEntry(int number) throws HalException {
        write(() -> {
            writer.delete(number);
            return null;
        });
    }

    /** A write operation. */
    private interface Write<T> {
        T run() throws HalException;
    }

    private <T> T write(Write<T> op) throws HalException {
        requireEfi();
        if (!writesEnabled) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "writes to EFI variables are disabled; set "
                    + "writes.enabled=true in configuration " + PID + " (until capability checks exist)");
        }
        T result;
        synchronized (writeLock) {
            result = op.run();
        }
        if (logger != null) {
            logger.info("UEFI: variables changed in {}", store.dir());
        }
        if (!executor.isShutdown()) {
            executor.execute(this::syncDevices);
        }
        return result;
    }

    private void requireEfi() throws HalException {
        if (!isEfiSystem()) {
            throw new HalException(ErrorCode.UNSUPPORTED, "not an EFI system: " + host.resolve(EFI_DIR) + " is absent");
        }
    }
}
