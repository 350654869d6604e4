package aegis.hal.block.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.api.registry.Discovery;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.BlockProperties;
import aegis.hal.block.BlockService;
import aegis.hal.block.OpenMode;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.partition.PartitionTables;
import aegis.hal.sysfs.Attribute;

/**
 * The block subsystem: the {@link BlockService}, and the {@code Device} services (class BLOCK, ids
 * {@code block:<name>}, devfs {@code /dev/block/<name>}, partitions as children of their disk) that
 * it registers from {@code /sys/block} at start and keeps in step with the host by rescanning on its
 * own executor ("hal-block-scan"), each with its sysfs attributes {@code /sys/hal/block/<name>/...}.
 */
@Component(service = BlockService.class, configurationPid = BlockSubsystem.PID, immediate = true)
@Designate(ocd = BlockSubsystem.Config.class)
public final class BlockSubsystem implements BlockService {
    /** The configuration PID. */
    public static final String PID = "aegis.hal.block";

    /** Configuration of the block subsystem. */
    @ObjectClassDefinition(name = "Aegis HAL block subsystem",
            description = "Discovers disks and partitions from /sys/block and registers them as BLOCK devices.")
    public @interface Config {
        /** @return milliseconds between rescans of /sys/block; 0 = only at start */
        @AttributeDefinition(name = "Rescan interval (ms)",
                description = "How often /sys/block is read again to register added and unregister removed"
                        + " devices (loop attach, USB sticks); 0 scans only at start.")
        long rescan_interval_ms() default 2000;

        /** @return the sector size assumed for image files, 0 = guess */
        @AttributeDefinition(name = "Image sector size",
                description = "Logical sector size for image files when a caller gives none; 0 guesses"
                        + " (GPT header at byte 4096 means 4096, else 512).")
        int image_sector_size() default 0;
    }

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private final CapabilityService capabilities;
    private final BundleContext context;
    private final HostRoot host;
    private final SysfsBlockScanner scanner;
    private final BlockOpener opener;
    private final long rescanMillis;
    private final int imageSectorSize;
    private final ScheduledExecutorService executor;
    /** The discovery mark of the first scan, closed by it or by {@link #stop()}. */
    private volatile Discovery discovery;
    /** Registered devices by name; touched only on the executor thread (and after it stopped). */
    private final Map<String, Registered> registered = new LinkedHashMap<>();

    private record Registered(BlockDeviceInfo info, Runnable registration) {
    }

    /**
     * @param context the bundle context to register devices with
     * @param config  the configuration
     * @param host    the host root
     */
    @Activate
    public BlockSubsystem(BundleContext context, Config config, @Reference(name = "host") HostRoot host,
            @Reference(name = "capabilities") CapabilityService capabilities) {
        this.context = context;
        this.capabilities = capabilities;
        this.host = host;
        this.scanner = new SysfsBlockScanner(host);
        this.opener = new BlockOpener(host);
        this.rescanMillis = Math.max(0, config.rescan_interval_ms());
        this.imageSectorSize = config.image_sector_size();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hal-block-scan");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts discovery on the executor and returns at once; a {@link Discovery} mark tells the
     * registry (and {@code hal:await}) that block devices are still being found until the first scan
     * has registered them.
     */
    @Activate
    void start() {
        Discovery mark = Discovery.begin(context, "block");
        discovery = mark;
        executor.execute(() -> {
            try {
                rescan();
            } finally {
                mark.close();
            }
        });
        if (rescanMillis > 0) {
            executor.scheduleWithFixedDelay(this::rescan, rescanMillis, rescanMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops discovery and unregisters every device, partitions before their disks. */
    @Deactivate
    void stop() {
        executor.shutdownNow();
        Discovery mark = discovery;
        if (mark != null) {
            mark.close();
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                logger.warn("hal-block-scan did not stop within 5 s; unregistering devices anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (registered) {
            List<Registered> all = new ArrayList<>(registered.values());
            for (int i = all.size() - 1; i >= 0; i--) {
                unregister(all.get(i));
            }
            registered.clear();
        }
    }

    /** One discovery pass: register new devices, re-register changed ones, unregister gone ones. */
    void rescan() {
        try {
            List<BlockDeviceInfo> now = scanner.scan();
            synchronized (registered) {
                Map<String, BlockDeviceInfo> byName = new LinkedHashMap<>();
                now.forEach(d -> byName.put(d.name(), d));
                List<Registered> old = new ArrayList<>(registered.values());
                for (int i = old.size() - 1; i >= 0; i--) {
                    Registered r = old.get(i);
                    BlockDeviceInfo current = byName.get(r.info().name());
                    if (!r.info().equals(current)) {
                        unregister(r);
                        registered.remove(r.info().name());
                        logger.debug("block device {} {}", r.info().name(), current == null ? "removed" : "changed");
                    }
                }
                for (BlockDeviceInfo d : now) {
                    if (!registered.containsKey(d.name())) {
                        registered.put(d.name(), new Registered(d, register(d)));
                        logger.debug("block device {} registered ({} bytes)", d.name(), d.sizeBytes());
                    }
                }
            }
        } catch (HalException e) {
            logger.warn("block scan of {} failed: {}", host, e.getMessage());
        } catch (RuntimeException e) {
            logger.error("block scan of {} failed unexpectedly", host, e);
        }
    }

    /**
     * Registers a device and then its sysfs attributes ({@code /sys/hal/block/<name>/...},
     * {@link BlockAttributes}).
     *
     * @return what unregisters them again: the attributes first, then the device
     */
    private Runnable register(BlockDeviceInfo d) {
        Runnable device = register(device(d));
        List<ServiceRegistration<Attribute>> attributes = new ArrayList<>();
        try {
            for (Attribute a : BlockAttributes.of(d, target -> partitionTable(target, 0))) {
                attributes.add(context.registerService(Attribute.class, a, null));
            }
        } catch (IllegalArgumentException e) {
            logger.warn("block device {} gets no sysfs attributes: {}", d.name(), e.getMessage());
        }
        return () -> {
            for (int i = attributes.size() - 1; i >= 0; i--) {
                try {
                    attributes.get(i).unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping
                }
            }
            device.run();
        };
    }

    /** Registers a device so that only bundles whose grants cover it get it (see GuardedRegistration). */
    private Runnable register(BasicDevice device) {
        return GuardedRegistration.registerDevice(context, capabilities, device);
    }

    private void unregister(Registered r) {
        r.registration().run();
    }

    /**
     * @param d a scanned device
     * @return its Device description
     */
    static BasicDevice device(BlockDeviceInfo d) {
        BasicDevice.Builder b = BasicDevice.builder(d.id(), DeviceClass.BLOCK)
                .devfsPath(d.devfsPath())
                .parent(d.parent().isEmpty() ? null : d.parentId())
                .property(BlockProperties.NAME, d.name())
                .property(BlockProperties.TYPE, d.type())
                .property(BlockProperties.SIZE_BYTES, d.sizeBytes())
                .property(BlockProperties.LOGICAL_BLOCK_SIZE, d.logicalBlockSize())
                .property(BlockProperties.PHYSICAL_BLOCK_SIZE, d.physicalBlockSize())
                .property(BlockProperties.ROTATIONAL, d.rotational())
                .property(BlockProperties.REMOVABLE, d.removable())
                .property(BlockProperties.READ_ONLY, d.readOnly())
                .property(BlockProperties.MAJOR_MINOR, d.majorMinor())
                .property(BlockProperties.DEV_NODE, d.devNode())
                .property(Device.HOST_PATH, d.sysfsPath());
        if (!d.transport().isEmpty()) {
            b.property(BlockProperties.TRANSPORT, d.transport());
        }
        if (d.isPartition()) {
            b.property(BlockProperties.PARTITION, d.partitionNumber());
        }
        if (!d.model().isEmpty()) {
            b.property(Device.MODEL, d.model());
        }
        if (!d.serial().isEmpty()) {
            b.property(Device.SERIAL, d.serial());
        }
        if (!d.vendor().isEmpty()) {
            b.property(Device.VENDOR, d.vendor());
        }
        return b.build();
    }

    @Override
    public List<BlockDeviceInfo> devices() throws HalException {
        return scanner.scan();
    }

    @Override
    public Optional<BlockDeviceInfo> device(String name) throws HalException {
        String n = name != null && name.startsWith(BlockDeviceInfo.ID_PREFIX)
                ? name.substring(BlockDeviceInfo.ID_PREFIX.length()) : name;
        return scanner.find(n);
    }

    @Override
    public Optional<PartitionTable> partitionTable(String target, int sectorSize) throws HalException {
        try (BlockHandle h = open(target, OpenMode.READ, sectorSize)) {
            return PartitionTables.read(h.asSectorSource());
        }
    }

    @Override
    public BlockHandle open(String target, OpenMode mode, int sectorSize) throws HalException {
        return opener.open(target, mode, sectorSize != 0 ? sectorSize : imageSectorSize);
    }
}
