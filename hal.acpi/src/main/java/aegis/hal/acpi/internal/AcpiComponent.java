package aegis.hal.acpi.internal;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiFirmware;
import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.host.HostRoot;
import aegis.hal.sysfs.Attribute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.guard.GuardedRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Reads the host's ACPI tables on a worker thread ("hal-acpi-scan"), publishes what it found as the
 * {@link AcpiFirmware} service and registers one {@link Device} service of class ACPI per device of
 * the namespace (parents before children), unregistering them on deactivation. After each scan it
 * also registers the sysfs {@link Attribute}s of the tables and devices ({@link AcpiAttributes},
 * replacing those of an earlier scan) and unregisters them on deactivation. Immediate: the devices
 * are registered at start whether or not anyone uses the service.
 */
@Component(service = AcpiFirmware.class, configurationPid = AcpiComponent.PID, immediate = true)
@Designate(ocd = AcpiComponent.Config.class)
public final class AcpiComponent implements AcpiFirmware {
    /** The configuration PID. */
    public static final String PID = "aegis.hal.acpi";

    /** Configuration of the ACPI subsystem. */
    @ObjectClassDefinition(name = "Aegis HAL ACPI", description = "Reads the firmware's ACPI tables and registers the namespace's devices.")
    public @interface Config {
        /** @return the host path of the tables directory */
        @AttributeDefinition(description = "Host path of the ACPI tables directory (below the host root).")
        String tablesPath() default "/sys/firmware/acpi/tables";

        /** @return whether to register a Device service per ACPI device */
        @AttributeDefinition(description = "Register one Device service (class ACPI) per device of the namespace.")
        boolean registerDevices() default true;
    }

    @Reference(service = LoggerFactory.class)
    Logger logger;

    private final BundleContext context;
    private final HostRoot host;
    private final Config config;
    private final AtomicReference<AcpiSnapshot> snapshot;
    private final List<Runnable> registrations = new ArrayList<>();
    /** The sysfs attributes of the latest scan; guarded by {@code registrations}. */
    private final List<ServiceRegistration<Attribute>> attributes = new ArrayList<>();
    private final CapabilityService capabilities;
    private final CompletableFuture<AcpiSnapshot> scanned = new CompletableFuture<>();
    private ExecutorService executor;
    private volatile boolean closed;

    /**
     * @param context the bundle context, to register devices with
     * @param host    the host root to read the tables from
     * @param config  the configuration
     */
    @Activate
    public AcpiComponent(BundleContext context, @Reference(name = "host") HostRoot host, Config config,
            @Reference(name = "capabilities") CapabilityService capabilities) {
        this.context = context;
        this.capabilities = capabilities;
        this.host = host;
        this.config = config;
        this.snapshot = new AtomicReference<>(AcpiSnapshot.empty(config.tablesPath()));
    }

    /** Starts reading the tables off the caller's thread. */
    @Activate
    void start() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hal-acpi-scan");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::scan);
    }

    private void scan() {
        try {
            AcpiSnapshot s = TableReader.read(host, config.tablesPath());
            snapshot.set(s);
            for (String p : s.problems()) {
                logger.warn("ACPI: {}", p);
            }
            for (AcpiTable t : s.tables()) {
                for (String p : t.problems()) {
                    logger.warn("ACPI table {}: {}", t.name(), p);
                }
            }
            for (String p : s.namespace().problems()) {
                logger.warn("ACPI namespace: {}", p);
            }
            logger.info("ACPI: {} tables from {} on {}, {} namespace objects, {} devices", s.tables().size(),
                    s.source(), host, s.namespace().nodeCount(), s.devices().size());
            if (config.registerDevices()) {
                register(s.devices());
            }
            publish(s);
            scanned.complete(s);
        } catch (Throwable e) { // task boundary
            logger.error("ACPI: reading the tables failed: {}", e.toString(), e);
            snapshot.set(new AcpiSnapshot(config.tablesPath(), List.of(), AcpiNamespace.empty(),
                    List.of("reading the tables failed: " + e), Instant.now()));
            scanned.completeExceptionally(e);
        }
    }

    private void register(List<AcpiDevice> devices) {
        for (AcpiDevice d : devices) {
            BasicDevice device = toDevice(d);
            synchronized (registrations) {
                if (closed) {
                    return;
                }
                registrations.add(register(device));
            }
        }
    }

    /**
     * Registers the sysfs attributes of a snapshot, replacing those of the previous scan (the old
     * ones go first, so that no stale value wins a path). Nothing is registered once deactivation
     * has begun.
     */
    private void publish(AcpiSnapshot s) {
        AcpiAttributes.Built built = AcpiAttributes.of(s);
        for (String p : built.skipped()) {
            logger.warn("ACPI sysfs: {}; it has no attributes", p);
        }
        synchronized (registrations) {
            if (closed) {
                return;
            }
            unregisterAttributes();
            for (Attribute a : built.attributes()) {
                attributes.add(context.registerService(Attribute.class, a, null));
            }
        }
        logger.info("ACPI sysfs: {} attributes under {} and {}", built.attributes().size(), AcpiAttributes.TABLES,
                AcpiAttributes.DEVICES);
    }

    /** Unregisters the sysfs attributes, last first; the caller holds {@code registrations}. */
    private void unregisterAttributes() {
        for (int i = attributes.size() - 1; i >= 0; i--) {
            try {
                attributes.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        attributes.clear();
    }

    /** Registers a device so that only bundles whose grants cover it get it (see GuardedRegistration). */
    private Runnable register(BasicDevice device) {
        return GuardedRegistration.registerDevice(context, capabilities, device);
    }

    /**
     * @param d an ACPI device
     * @return the HAL device describing it
     */
    static BasicDevice toDevice(AcpiDevice d) {
        BasicDevice.Builder b = BasicDevice.builder(d.id(), DeviceClass.ACPI)
                .parent(d.parentId().orElse(null))
                .property(AcpiDevice.PATH, d.path())
                .property(AcpiDevice.TYPE, d.type().acpicaName())
                .property(AcpiDevice.TABLE, d.table());
        d.hid().ifPresent(h -> b.property(AcpiDevice.HID, h));
        if (!d.cids().isEmpty()) {
            b.property(AcpiDevice.CID, d.cids());
        }
        d.uid().ifPresent(u -> b.property(AcpiDevice.UID, u));
        d.adr().ifPresent(a -> b.property(AcpiDevice.ADR, a));
        d.sta().ifPresent(s -> b.property(AcpiDevice.STA, s));
        d.modalias().ifPresent(m -> b.property(Device.MODALIAS, m));
        return b.build();
    }

    /** Stops the scan if it still runs and unregisters the sysfs attributes, then the devices, children first. */
    @Deactivate
    void stop() {
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                logger.warn("ACPI: the scan thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (registrations) {
            unregisterAttributes();
            for (int i = registrations.size() - 1; i >= 0; i--) {
                registrations.get(i).run();
            }
            registrations.clear();
        }
    }

    @Override
    public AcpiSnapshot snapshot() {
        return snapshot.get();
    }

    /** @return completes with the snapshot once the first scan has finished (for tests and the shell) */
    CompletableFuture<AcpiSnapshot> scanned() {
        return scanned;
    }

    /** @return how many sysfs attributes are registered now */
    int registeredAttributes() {
        synchronized (registrations) {
            return attributes.size();
        }
    }

    /** @return how many device services are registered now */
    int registeredDevices() {
        synchronized (registrations) {
            return registrations.size();
        }
    }
}
