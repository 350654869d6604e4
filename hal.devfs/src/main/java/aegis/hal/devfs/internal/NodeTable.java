package aegis.hal.devfs.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.registry.BindingListener;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.devfs.NodeInfo;
import aegis.hal.devfs.NodeKind;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The table of device nodes: one per registered device with a devfs path, with its aliases and the
 * driver that serves it. It hears from the registry, synchronously, when a driver binds or is about
 * to release a device ({@link BindingListener}); a release takes the node's write lock, so it waits
 * for calls already inside the driver and makes every handle opened before it fail.
 */
@Component(service = { NodeTable.class, BindingListener.class }, immediate = true)
public final class NodeTable implements BindingListener {
    /** How long a release waits for calls in progress before it invalidates the node anyway. */
    static final long DRAIN_MILLIS = 5_000;

    /** One node. Fields are written under the write lock and read under the read lock or racily for display. */
    static final class Node {
        final String deviceId;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile Device device;
        volatile String path;
        volatile NodeKind kind = NodeKind.CHAR;
        volatile List<String> aliases = List.of();
        volatile long driverServiceId;
        volatile int generation;

        Node(String deviceId) {
            this.deviceId = deviceId;
        }
    }

    record DriverEntry(Driver driver, String name) {
    }

    private final Map<String, Node> byId = new ConcurrentHashMap<>();
    private final Map<Long, DriverEntry> drivers = new ConcurrentHashMap<>();
    private volatile Map<String, Node> byPath = Map.of();
    private final Object indexLock = new Object();

    /**
     * The registry, to learn bindings made before this table heard of them. Optional and dynamic:
     * the registry itself calls this table as a BindingListener, so a static reference would be a
     * cycle.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeviceRegistry registry;

    /** Creates the table. */
    @Activate
    public NodeTable() {
        // nothing to do: references arrive through the bind methods
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(Driver driver, ServiceReference<Driver> ref) {
        Object name = ref.getProperty(Driver.NAME);
        drivers.put((Long) ref.getProperty(Constants.SERVICE_ID),
                new DriverEntry(driver, name == null ? driver.getClass().getName() : name.toString()));
    }

    void removeDriver(Driver driver, ServiceReference<Driver> ref) {
        drivers.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(Device device) {
        Optional<String> path = device.devfsPath();
        if (path.isEmpty()) {
            return;
        }
        Node n = byId.computeIfAbsent(device.id(), Node::new);
        n.device = device;
        n.path = path.get();
        n.kind = kindOf(device);
        n.aliases = aliases(device);
        reindex();
    }

    void removeDevice(Device device) {
        Node n = byId.get(device.id());
        if (n == null || n.device != device) {
            return;
        }
        invalidate(n, 0);
        byId.remove(device.id());
        reindex();
    }

    @Override
    public void releasing(Device device, long driverServiceId) {
        Node n = byId.get(device.id());
        if (n != null && n.driverServiceId == driverServiceId) {
            invalidate(n, 0);
        }
    }

    @Override
    public void bound(Device device, long driverServiceId) {
        Node n = byId.get(device.id());
        if (n != null) {
            invalidate(n, driverServiceId);
        }
    }

    /** Bumps the generation under the write lock, waiting for calls in progress (bounded). */
    private static void invalidate(Node n, long newDriver) {
        boolean locked = false;
        try {
            locked = n.lock.writeLock().tryLock(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            n.generation++;
            n.driverServiceId = newDriver;
        } finally {
            if (locked) {
                n.lock.writeLock().unlock();
            }
        }
    }

    static NodeKind kindOf(Device d) {
        Object k = d.properties().get(NodeKind.PROPERTY);
        if (k != null) {
            return "block".equalsIgnoreCase(k.toString()) ? NodeKind.BLOCK : NodeKind.CHAR;
        }
        return d.deviceClass().equals(DeviceClass.BLOCK) ? NodeKind.BLOCK : NodeKind.CHAR;
    }

    /**
     * Aliases that survive replug: {@code /dev/by-id/<class>-<vendor>_<model>_<serial>} when the
     * device has a serial, else {@code /dev/by-id/<id>}; {@code /dev/by-path/<host path>} when it has
     * a host path.
     */
    static List<String> aliases(Device d) {
        List<String> out = new ArrayList<>(2);
        Map<String, Object> p = d.properties();
        Object serial = p.get(Device.SERIAL);
        if (serial != null && !serial.toString().isBlank()) {
            StringBuilder sb = new StringBuilder(d.deviceClass().name().toLowerCase(java.util.Locale.ROOT)).append('-');
            for (String k : new String[] { Device.VENDOR, Device.MODEL }) {
                Object v = p.get(k);
                if (v != null && !v.toString().isBlank()) {
                    sb.append(v.toString().trim()).append('_');
                }
            }
            sb.append(serial.toString().trim());
            out.add("/dev/by-id/" + sanitize(sb.toString()));
        } else {
            out.add("/dev/by-id/" + sanitize(d.id()));
        }
        Object host = p.get(Device.HOST_PATH);
        if (host != null && !host.toString().isBlank()) {
            String h = host.toString().trim();
            if (h.startsWith("/sys/devices/")) {
                h = h.substring("/sys/devices/".length());
            } else if (h.startsWith("/")) {
                h = h.substring(1);
            }
            out.add("/dev/by-path/" + sanitize(h.replace('/', '-')));
        }
        return out;
    }

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' || c == ':'
                    || c == '+' ? c : '_');
        }
        return sb.toString();
    }

    /** Rebuilds the path index; an alias claimed by two devices goes to the smaller device id. */
    private void reindex() {
        synchronized (indexLock) {
            Map<String, Node> idx = new HashMap<>();
            TreeMap<String, Node> sorted = new TreeMap<>(byId);
            for (Node n : sorted.values()) {
                idx.putIfAbsent(n.path, n);
            }
            for (Node n : sorted.values()) {
                for (String a : n.aliases) {
                    idx.putIfAbsent(a, n);
                }
            }
            byPath = Collections.unmodifiableMap(idx);
        }
    }

    /**
     * @param path a canonical path or an alias
     * @return the node, if any
     */
    Node resolve(String path) {
        Node n = byPath.get(path);
        if (n != null) {
            refresh(n);
        }
        return n;
    }

    /** A device bound before this table listened to the registry: ask the registry once. */
    private void refresh(Node n) {
        DeviceRegistry r = registry;
        if (r != null && n.driverServiceId == 0 && n.device != null && n.device.status().state().isBound()) {
            r.device(n.deviceId).filter(d -> d.state().isBound())
                    .ifPresent(d -> n.driverServiceId = d.driverServiceId());
        }
    }

    /** @return every node, sorted by canonical path */
    List<Node> nodes() {
        List<Node> l = new ArrayList<>(byId.values());
        l.removeIf(n -> n.path == null);
        l.sort(java.util.Comparator.comparing(n -> n.path));
        return l;
    }

    /**
     * @param serviceId a driver service id
     * @return that driver, if registered
     */
    DriverEntry driver(long serviceId) {
        return drivers.get(serviceId);
    }

    /**
     * @param n a node
     * @return what a caller sees of it
     */
    NodeInfo info(Node n) {
        refresh(n);
        long sid = n.driverServiceId;
        DriverEntry d = sid == 0 ? null : drivers.get(sid);
        return new NodeInfo(n.path, n.deviceId, n.kind, d == null ? "" : d.name(), sid != 0 && d != null, n.aliases);
    }
}
