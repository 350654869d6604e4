package aegis.hal.block.nvme.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockProperties;
import aegis.hal.block.spi.BlockAttributeSource;
import aegis.hal.sysfs.Attribute;

/**
 * The NVMe block driver: matches NVMe namespaces (BLOCK devices of type {@code disk} on the
 * {@code nvme} transport) with score {@value #SCORE}, above the generic block driver's, and ranks 10.
 * Its probe reads the namespace id and the controller's model, serial and firmware revision from
 * sysfs through the host root and publishes them as block attributes ({@code hal:lsblk --json}) and
 * as sysfs attributes {@code /sys/hal/block/<name>/nvme/...} while it holds the namespace; they go
 * when the registry removes it (another driver takes it, the device goes, the bundle stops).
 * Thread-safe.
 */
@Component(service = {Driver.class, BlockAttributeSource.class}, property = {Driver.CLASSES + "=BLOCK",
        Driver.NAME + "=" + NvmeDriver.NAME, "service.ranking:Integer=10"})
public final class NvmeDriver implements Driver, BlockAttributeSource {
    /** The driver name. */
    public static final String NAME = "nvme";
    /** The match score for an NVMe namespace (the generic block driver scores 1). */
    public static final int SCORE = 10;

    /** Attribute: the controller's model number. */
    public static final String MODEL = "nvme.model";
    /** Attribute: the controller's serial number. */
    public static final String SERIAL = "nvme.serial";
    /** Attribute: the controller's firmware revision. */
    public static final String FIRMWARE_REV = "nvme.firmware_rev";
    /** Attribute: the namespace id ({@code Integer}). */
    public static final String NSID = "nvme.nsid";
    /** Attribute: the controller's kernel name ({@code nvme0}). */
    public static final String CONTROLLER = "nvme.controller";
    /** Attribute: the controller id ({@code Integer}). */
    public static final String CNTLID = "nvme.cntlid";
    /** Attribute: the NVMe subsystem NQN. */
    public static final String SUBSYSNQN = "nvme.subsysnqn";
    /** Attribute: the controller's transport ({@code pcie}, {@code tcp}, ...). */
    public static final String TRANSPORT = "nvme.transport";

    private static final Pattern NAMESPACE = Pattern.compile("nvme(\\d+)(?:c\\d+)?n(\\d+)");

    private final HostRoot host;
    private final BundleContext context;
    private final Map<String, Map<String, Object>> probed = new ConcurrentHashMap<>();
    private final Map<String, Publication> published = new ConcurrentHashMap<>();
    /** Set by {@link #deactivate}: a probe still running then withdraws what it publishes. */
    private volatile boolean closed;

    /**
     * Builds the driver outside a framework (tests): it publishes no sysfs attributes.
     *
     * @param host the host root to read sysfs from
     */
    public NvmeDriver(HostRoot host) {
        this(null, host);
    }

    /**
     * @param context the bundle's context, to register sysfs attributes with; null for none
     * @param host    the host root to read sysfs from
     */
    @Activate
    public NvmeDriver(BundleContext context, @Reference(name = "host") HostRoot host) {
        this.context = context;
        this.host = host;
    }

    /** Withdraws the sysfs attributes of every namespace still held. */
    @Deactivate
    void deactivate() {
        closed = true;
        for (String id : List.copyOf(published.keySet())) {
            unpublish(id);
        }
    }

    @Override
    public int match(Device device) {
        Map<String, Object> p = device.properties();
        return DeviceClass.BLOCK.equals(device.deviceClass()) && "nvme".equals(p.get(BlockProperties.TRANSPORT))
                && "disk".equals(p.get(BlockProperties.TYPE)) ? SCORE : 0;
    }

    @Override
    public void probe(Device device) throws HalException {
        Map<String, Object> values = read(device);
        probed.put(device.id(), values);
        publish(device, values);
    }

    @Override
    public void remove(Device device) {
        unpublish(device.id());
        probed.remove(device.id());
    }

    /** Registers {@code /sys/hal/block/<name>/nvme/...} for a probed namespace. */
    private void publish(Device device, Map<String, Object> values) {
        Object name = device.properties().get(BlockProperties.NAME);
        Optional<String> node = device.devfsPath();
        if (context == null || !(name instanceof String n) || node.isEmpty()) {
            return; // outside a framework, or a namespace without a node: lsblk --json still shows them
        }
        unpublish(device.id());
        List<Attribute> attributes;
        try {
            attributes = NvmeAttributes.of(n, node.get(), values);
        } catch (IllegalArgumentException e) {
            return; // a kernel name that is no sysfs path segment: lsblk --json still shows them
        }
        Publication p = new Publication();
        published.put(device.id(), p);
        if (!p.register(context, attributes) || closed) {
            unpublish(device.id()); // the bundle is stopping, or deactivate ran meanwhile
        }
    }

    /**
     * Withdraws a namespace's attributes and returns only once they are gone, also when another
     * thread is withdrawing them: the registry calls {@link #remove} on its own thread while the
     * stopping bundle's {@link #deactivate} may be doing the same, and the next driver must not see
     * these attributes still in {@code /sys/hal}.
     */
    private void unpublish(String deviceId) {
        Publication p = published.get(deviceId);
        if (p != null) {
            p.withdraw();
            published.remove(deviceId, p);
        }
    }

    /** The sysfs attributes registered for one namespace; withdrawing them is idempotent. */
    private static final class Publication {
        private final List<ServiceRegistration<Attribute>> registrations = new ArrayList<>();
        private boolean withdrawn;

        /** @return false when the bundle's context is no longer valid */
        synchronized boolean register(BundleContext context, List<Attribute> attributes) {
            try {
                for (Attribute a : attributes) {
                    if (withdrawn) {
                        return true;
                    }
                    registrations.add(context.registerService(Attribute.class, a, null));
                }
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        synchronized void withdraw() {
            withdrawn = true;
            for (ServiceRegistration<Attribute> r : registrations) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
            registrations.clear();
        }
    }

    @Override
    public Map<String, Object> attributes(String deviceId) {
        return probed.getOrDefault(deviceId, Map.of());
    }

    /**
     * Reads a namespace's NVMe attributes from sysfs.
     *
     * @param device an NVMe namespace device with a {@link Device#HOST_PATH}
     * @return the attributes, in a stable order
     * @throws HalException {@code DEVICE_GONE} if its sysfs directory vanished, {@code UNSUPPORTED} if
     *                      it has no NVMe controller attributes, {@code BAD_FORMAT} for a non-numeric
     *                      namespace id (the message names the file)
     */
    Map<String, Object> read(Device device) throws HalException {
        Object hp = device.properties().get(Device.HOST_PATH);
        if (!(hp instanceof String dir) || dir.isEmpty()) {
            throw new HalException(ErrorCode.UNSUPPORTED, device.id() + ": no host path to read NVMe attributes from");
        }
        if (!host.exists(dir)) {
            throw new HalException(ErrorCode.DEVICE_GONE, device.id() + ": " + dir + " no longer exists on " + host);
        }
        String ctrl = dir + "/device";
        Optional<String> firmware = trimmed(ctrl + "/firmware_rev");
        if (firmware.isEmpty()) {
            throw new HalException(ErrorCode.UNSUPPORTED, device.id() + ": " + ctrl
                    + "/firmware_rev is missing: not an NVMe namespace");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MODEL, trimmed(ctrl + "/model").orElse(""));
        m.put(SERIAL, trimmed(ctrl + "/serial").orElse(""));
        m.put(FIRMWARE_REV, firmware.get());
        m.put(NSID, nsid(device, dir));
        host.readLink(ctrl).ifPresent(l -> m.put(CONTROLLER, l.substring(l.lastIndexOf('/') + 1)));
        trimmed(ctrl + "/cntlid").ifPresent(v -> m.put(CNTLID, numberOrText(v)));
        trimmed(ctrl + "/subsysnqn").ifPresent(v -> m.put(SUBSYSNQN, v));
        trimmed(ctrl + "/transport").ifPresent(v -> m.put(TRANSPORT, v));
        return java.util.Collections.unmodifiableMap(m);
    }

    private int nsid(Device device, String dir) throws HalException {
        Optional<String> nsid = trimmed(dir + "/nsid");
        if (nsid.isPresent()) {
            try {
                return Integer.parseInt(nsid.get());
            } catch (NumberFormatException e) {
                throw new HalException(ErrorCode.BAD_FORMAT, dir + "/nsid: expected a decimal number, found '"
                        + nsid.get() + "'");
            }
        }
        // kernels before 5.x have no nsid attribute: the kernel name's nN is the namespace's index
        Object name = device.properties().get(BlockProperties.NAME);
        Matcher mt = NAMESPACE.matcher(name instanceof String s ? s : "");
        if (mt.matches()) {
            return Integer.parseInt(mt.group(2));
        }
        throw new HalException(ErrorCode.UNSUPPORTED, device.id() + ": no " + dir + "/nsid and no nvmeXnY name");
    }

    private static Object numberOrText(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private Optional<String> trimmed(String path) {
        return host.readOptional(path).map(String::trim).filter(s -> !s.isEmpty());
    }
}
