package aegis.hal.sysfs.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import aegis.hal.api.device.DeviceState;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeChanged;
import aegis.hal.sysfs.AttributeInfo;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysEntry;
import aegis.hal.sysfs.internal.Access.Guard;

/**
 * The attribute tree and every sysfs operation, free of OSGi so that it can be tested through its
 * constructor. Registered attributes live in an immutable sorted map that is rebuilt (under a lock)
 * when an attribute service comes or goes or the capability service changes; reads look it up with
 * one volatile read and no lock. The {@code /sys/hal/devices} subtree is computed from the device
 * registry on every call, so it is always live.
 *
 * <p>Thread-safe.
 */
final class SysFsEngine {
    /** Where change events go: topic and properties. */
    @FunctionalInterface
    interface EventSink {
        /**
         * @param topic the topic
         * @param props the properties
         */
        void post(String topic, Map<String, Object> props);
    }

    /** The built-in attributes of each device directory, sorted. */
    static final List<String> BUILTIN = List.of("class", "devfs", "driver", "parent", "probe_time_ms", "reason",
            "state");
    private static final List<String> STATES = java.util.Arrays.stream(DeviceState.values()).map(Enum::name).toList();
    private static final String PROBE_TIMING = DeviceState.PROBING.name();

    /** One registered attribute service. */
    static final class Registration {
        final Attribute attribute;
        final AttributeSpec spec;
        final long serviceId;
        final int ranking;
        final Caller owner;
        final Guard readGuard;
        final Object writeLock = new Object();

        Registration(Attribute attribute, AttributeSpec spec, long serviceId, int ranking, Caller owner) {
            this.attribute = attribute;
            this.spec = spec;
            this.serviceId = serviceId;
            this.ranking = ranking;
            this.owner = owner;
            this.readGuard = Guard.of(spec);
        }
    }

    /** A built-in device attribute resolved against the registry. */
    private record DeviceAttr(DeviceInfo info, String name, String path) {
    }

    private final Access access;
    private final Supplier<DeviceRegistry> registry;
    private final EventSink events;
    private final BiConsumer<String, Throwable> warn;

    private final Map<Long, Registration> all = new ConcurrentHashMap<>();
    private volatile NavigableMap<String, Registration> effective = Collections.emptyNavigableMap();
    private final Object rebuildLock = new Object();
    private final Map<Long, String> problems = new HashMap<>(); // guarded by rebuildLock
    private final Map<String, Map<String, String>> deviceSnapshots = new ConcurrentHashMap<>();

    /**
     * @param capabilities the capability service now in force, or {@code null}
     * @param registry     the device registry now in force, or {@code null}
     * @param events       where change events go
     * @param warn         where warnings go (message, cause or null)
     */
    SysFsEngine(Supplier<CapabilityService> capabilities, Supplier<DeviceRegistry> registry, EventSink events,
            BiConsumer<String, Throwable> warn) {
        this.access = new Access(capabilities);
        this.registry = registry;
        this.events = events;
        this.warn = warn;
    }

    // ---------------------------------------------------------------- registrations

    /**
     * Adds (or replaces) an attribute service.
     *
     * @param attribute the service
     * @param serviceId its service id
     * @param ranking   its service.ranking
     * @param owner     the registering bundle
     * @return whether it now serves its path
     */
    boolean add(Attribute attribute, long serviceId, int ranking, Caller owner) {
        AttributeSpec spec;
        try {
            spec = attribute.spec();
            if (spec == null) {
                throw new IllegalArgumentException("spec() returned null");
            }
        } catch (RuntimeException e) {
            warn.accept("sysfs ignores attribute service " + serviceId + " of " + owner + ": its spec is unusable: " + e, e);
            return false;
        }
        all.put(serviceId, new Registration(attribute, spec, serviceId, ranking, owner));
        rebuild();
        Registration r = effective.get(spec.path());
        return r != null && r.serviceId == serviceId;
    }

    /** @param serviceId the service id of an attribute service that went away */
    void remove(long serviceId) {
        if (all.remove(serviceId) != null) {
            rebuild();
        }
    }

    /** Re-decides which attributes are admitted (call when the capability service changes). */
    void rebuild() {
        synchronized (rebuildLock) {
            List<Registration> sorted = new ArrayList<>(all.values());
            sorted.sort(Comparator.comparingInt((Registration r) -> -r.ranking).thenComparingLong(r -> r.serviceId));
            TreeMap<String, Registration> placed = new TreeMap<>();
            Map<Long, String> now = new HashMap<>();
            for (Registration r : sorted) {
                String why = access.trusted(r.owner) ? conflict(placed, r.spec.path())
                        : "its bundle is not trusted by the capability service (or that service is absent)";
                if (why == null) {
                    placed.put(r.spec.path(), r);
                } else {
                    now.put(r.serviceId, why);
                    if (!why.equals(problems.get(r.serviceId)) && access.present()) {
                        warn.accept("sysfs does not serve attribute " + r.spec.path() + " (service " + r.serviceId
                                + " of " + r.owner + "): " + why, null);
                    }
                }
            }
            problems.clear();
            problems.putAll(now);
            effective = Collections.unmodifiableNavigableMap(placed);
        }
    }

    private static String conflict(NavigableMap<String, Registration> placed, String p) {
        Registration same = placed.get(p);
        if (same != null) {
            return "the path is served by service " + same.serviceId + " (higher ranking or older)";
        }
        for (int i = p.lastIndexOf('/'); i > SysPaths.ROOT.length(); i = p.lastIndexOf('/', i - 1)) {
            Registration up = placed.get(p.substring(0, i));
            if (up != null) {
                return p.substring(0, i) + " is an attribute of service " + up.serviceId + ", not a directory";
            }
        }
        String below = placed.ceilingKey(p + "/");
        if (below != null && below.startsWith(p + "/")) {
            return "the path is a directory holding " + below;
        }
        if (p.equals(SysPaths.DEVICES)) {
            return SysPaths.DEVICES + " is the built-in devices directory";
        }
        if (p.startsWith(SysPaths.DEVICES + "/")) {
            String[] parts = p.substring(SysPaths.DEVICES.length() + 1).split("/");
            if (parts.length < 2) {
                return "below " + SysPaths.DEVICES + " an attribute lives in a device directory: "
                        + SysPaths.DEVICES + "/<id>/<name>";
            }
            if (BUILTIN.contains(parts[1])) {
                return "it clashes with the built-in device attribute " + parts[1];
            }
        }
        return null;
    }

    /** @return the paths served now, sorted (for tests and diagnostics) */
    List<String> served() {
        return List.copyOf(effective.keySet());
    }

    // ---------------------------------------------------------------- reads

    /**
     * @param caller who reads
     * @param path   an attribute path
     * @return the value
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#read}
     */
    Object read(Caller caller, String path) throws HalException {
        Registration r = effective.get(path);
        if (r != null) {
            access.requireRead(caller, r.readGuard, path);
            return readRegistered(r);
        }
        DeviceAttr d = builtin(path);
        if (d == null) {
            throw notFound(path);
        }
        access.requireRead(caller, Guard.device(d.info.devfsPath()), path);
        return builtinValue(d.info, d.name);
    }

    /**
     * @param caller who reads
     * @param path   an attribute path
     * @return the value as text
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#readText}
     */
    String readText(Caller caller, String path) throws HalException {
        Registration r = effective.get(path);
        if (r != null) {
            access.requireRead(caller, r.readGuard, path);
            return Values.format(r.spec.type(), readRegistered(r));
        }
        DeviceAttr d = builtin(path);
        if (d == null) {
            throw notFound(path);
        }
        access.requireRead(caller, Guard.device(d.info.devfsPath()), path);
        return Values.format(builtinType(d.name), builtinValue(d.info, d.name));
    }

    /**
     * @param caller who asks
     * @param path   an attribute path
     * @return spec and value
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#stat}
     */
    AttributeInfo stat(Caller caller, String path) throws HalException {
        Registration r = effective.get(path);
        if (r != null) {
            access.requireRead(caller, r.readGuard, path);
            try {
                Object v = readRegistered(r);
                return new AttributeInfo(r.spec, v, Values.format(r.spec.type(), v), "");
            } catch (HalException e) {
                return new AttributeInfo(r.spec, null, "", e.code() + ": " + e.getMessage());
            }
        }
        DeviceAttr d = builtin(path);
        if (d == null) {
            throw notFound(path);
        }
        access.requireRead(caller, Guard.device(d.info.devfsPath()), path);
        Object v = builtinValue(d.info, d.name);
        return new AttributeInfo(builtinSpec(d), v, Values.format(builtinType(d.name), v), "");
    }

    private static Object readRegistered(Registration r) throws HalException {
        Object v;
        try {
            v = r.attribute.read();
        } catch (HalException e) {
            String m = String.valueOf(e.getMessage());
            throw m.contains(r.spec.path()) ? e : new HalException(e.code(), r.spec.path() + ": " + m, e);
        } catch (RuntimeException e) {
            throw new HalException(ErrorCode.DRIVER_FAILED, r.spec.path() + ": the provider's read failed: " + e, e);
        }
        return Values.normalise(r.spec, v);
    }

    // ---------------------------------------------------------------- writes

    /**
     * @param caller who writes
     * @param path   an attribute path
     * @param text   the new value as text
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#write}
     */
    void write(Caller caller, String path, String text) throws HalException {
        Registration r = effective.get(path);
        if (r == null) {
            if (builtin(path) != null) {
                throw new HalException(ErrorCode.UNSUPPORTED, path
                        + " is read-only (a built-in attribute kept by the device registry); nothing changed");
            }
            throw notFound(path);
        }
        if (!r.spec.writable()) {
            throw new HalException(ErrorCode.UNSUPPORTED, path + " is read-only; nothing changed");
        }
        access.requireWrite(caller, r.spec);
        Object value = Values.parse(r.spec, text);
        synchronized (r.writeLock) {
            try {
                r.attribute.write(value);
            } catch (HalException e) {
                throw new HalException(e.code(), path + ": writing '" + SysPaths.shown(text)
                        + "' failed, the previous value stays: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new HalException(ErrorCode.DRIVER_FAILED, path + ": writing '" + SysPaths.shown(text)
                        + "' failed, the previous value stays: " + e, e);
            }
            post(r.spec, value, AttributeChanged.CAUSE_WRITE);
        }
    }

    /**
     * @param caller the providing bundle
     * @param path   an attribute path it provides
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#changed}
     */
    void changed(Caller caller, String path) throws HalException {
        Registration r = effective.get(path);
        if (r == null) {
            if (builtin(path) != null) {
                throw new HalException(ErrorCode.PERMISSION_DENIED,
                        path + " is a built-in attribute; sysfs reports its changes itself");
            }
            throw notFound(path);
        }
        if (r.owner.bundleId() != caller.bundleId()) {
            throw new HalException(ErrorCode.PERMISSION_DENIED,
                    path + " is provided by " + r.owner + ", not by " + caller + ": only its provider reports changes");
        }
        Object value = null;
        if (r.readGuard == null) {
            try {
                value = readRegistered(r);
            } catch (HalException e) {
                warn.accept("sysfs could not read " + path + " for its change event: " + e, null);
            }
        }
        post(r.spec, value, AttributeChanged.CAUSE_PROVIDER);
    }

    private void post(AttributeSpec spec, Object value, String cause) {
        Map<String, Object> p = new HashMap<>();
        p.put(AttributeChanged.PATH, spec.path());
        p.put(AttributeChanged.CAUSE, cause);
        if (spec.devfsPath().isEmpty() && value != null) {
            p.put(AttributeChanged.VALUE, value instanceof byte[] b ? b.clone() : value);
            p.put(AttributeChanged.TEXT, Values.format(spec.type(), value));
        }
        send(p);
    }

    private void send(Map<String, Object> props) {
        try {
            events.post(AttributeChanged.TOPIC, props);
        } catch (RuntimeException e) {
            warn.accept("sysfs could not post a change event for " + props.get(AttributeChanged.PATH), e);
        }
    }

    // ---------------------------------------------------------------- device events

    /**
     * Posts change events for the built-in attributes of a device that changed since the last
     * event, or one event for its directory when it went away.
     *
     * @param id    the device id
     * @param state the new state name from the event
     */
    void deviceEvent(String id, String state) {
        String seg = SysPaths.encodeId(id);
        if (seg == null) {
            return;
        }
        String dir = SysPaths.DEVICES + "/" + seg;
        DeviceRegistry reg = registry.get();
        Optional<DeviceInfo> info = reg == null ? Optional.empty() : reg.device(id);
        if (DeviceState.REMOVED.name().equals(state) || info.isEmpty()) {
            deviceSnapshots.remove(id);
            Map<String, Object> p = new HashMap<>();
            p.put(AttributeChanged.PATH, dir);
            p.put(AttributeChanged.CAUSE, AttributeChanged.CAUSE_REMOVED);
            p.put(AttributeChanged.DEVICE_ID, id);
            send(p);
            return;
        }
        Map<String, String> now = new LinkedHashMap<>();
        for (String name : names(info.get())) {
            now.put(name, Values.format(builtinType(name), builtinValue(info.get(), name)));
        }
        Map<String, String> before = deviceSnapshots.put(id, now);
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (before == null || !e.getValue().equals(before.get(e.getKey()))) {
                Map<String, Object> p = new HashMap<>();
                p.put(AttributeChanged.PATH, dir + "/" + e.getKey());
                p.put(AttributeChanged.CAUSE, AttributeChanged.CAUSE_DEVICE);
                p.put(AttributeChanged.DEVICE_ID, id);
                send(p);
            }
        }
    }

    // ---------------------------------------------------------------- listings

    /**
     * @param caller who lists
     * @param dir    a directory
     * @return its visible entries, sorted by name
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#list}
     */
    List<SysEntry> list(Caller caller, String dir) throws HalException {
        String d = SysPaths.directory(dir);
        if (effective.containsKey(d) || builtin(d) != null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, d + " is an attribute, not a directory");
        }
        TreeMap<String, SysEntry> out = new TreeMap<>();
        boolean exists = d.equals(SysPaths.ROOT) || d.equals(SysPaths.DEVICES);
        for (Map.Entry<String, Registration> e : effective.subMap(d + "/", true, d + "0", false).entrySet()) {
            Registration r = e.getValue();
            String rest = e.getKey().substring(d.length() + 1);
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (out.containsKey(name) || !access.mayRead(caller, r.readGuard)) {
                continue;
            }
            out.put(name, slash < 0 ? new SysEntry(name, e.getKey(), false, r.spec)
                    : new SysEntry(name, d + "/" + name, true, null));
        }
        if (d.equals(SysPaths.ROOT)) {
            out.putIfAbsent("devices", new SysEntry("devices", SysPaths.DEVICES, true, null));
        }
        DeviceRegistry reg = registry.get();
        if (reg != null && d.equals(SysPaths.DEVICES)) {
            for (DeviceInfo i : reg.devices()) {
                String seg = SysPaths.encodeId(i.id());
                if (seg != null && access.mayRead(caller, Guard.device(i.devfsPath()))) {
                    out.putIfAbsent(seg, new SysEntry(seg, d + "/" + seg, true, null));
                }
            }
        }
        String seg = deviceSegment(d);
        if (reg != null && seg != null) {
            String id = SysPaths.decodeId(seg);
            DeviceInfo info = id == null ? null : reg.device(id).orElse(null);
            if (info != null && access.mayRead(caller, Guard.device(info.devfsPath()))) {
                exists = true;
                for (String name : names(info)) {
                    out.put(name, new SysEntry(name, d + "/" + name, false, builtinSpec(new DeviceAttr(info, name, d + "/" + name))));
                }
            }
        }
        if (out.isEmpty() && !exists) {
            throw new HalException(ErrorCode.NOT_FOUND, "no directory " + d);
        }
        return List.copyOf(out.values());
    }

    /**
     * @param caller who reads
     * @param dir    a directory
     * @return the subtree as nested maps
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#tree}
     */
    Map<String, Object> tree(Caller caller, String dir) throws HalException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SysEntry e : list(caller, dir)) {
            if (e.directory()) {
                Map<String, Object> sub;
                try {
                    sub = tree(caller, e.path());
                } catch (HalException gone) {
                    sub = Map.of(); // changed while we walked
                }
                m.put(e.name(), sub);
            } else {
                Object v;
                try {
                    v = read(caller, e.path());
                    if (v instanceof byte[] b) {
                        v = Values.hex(b);
                    }
                } catch (HalException failed) {
                    v = null;
                }
                m.put(e.name(), v);
            }
        }
        return m;
    }

    /**
     * @param caller who searches
     * @param glob   the glob
     * @return matching visible attribute paths, sorted
     * @throws HalException see {@link aegis.hal.sysfs.SysFs#find}
     */
    List<String> find(Caller caller, String glob) throws HalException {
        Glob g = Glob.compile(glob);
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, Registration> e : effective.entrySet()) {
            if (g.matches(e.getKey()) && access.mayRead(caller, e.getValue().readGuard)) {
                out.add(e.getKey());
            }
        }
        DeviceRegistry reg = registry.get();
        if (reg != null) {
            for (DeviceInfo i : reg.devices()) {
                String seg = SysPaths.encodeId(i.id());
                if (seg == null) {
                    continue;
                }
                Boolean visible = null;
                for (String name : names(i)) {
                    String p = SysPaths.DEVICES + "/" + seg + "/" + name;
                    if (g.matches(p)) {
                        if (visible == null) {
                            visible = access.mayRead(caller, Guard.device(i.devfsPath()));
                        }
                        if (visible) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- built-in device attributes

    private static String deviceSegment(String path) {
        if (!path.startsWith(SysPaths.DEVICES + "/")) {
            return null;
        }
        String rest = path.substring(SysPaths.DEVICES.length() + 1);
        return rest.indexOf('/') < 0 ? rest : null;
    }

    private DeviceAttr builtin(String path) {
        if (path == null || !path.startsWith(SysPaths.DEVICES + "/")) {
            return null;
        }
        String rest = path.substring(SysPaths.DEVICES.length() + 1);
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String name = rest.substring(slash + 1);
        if (!BUILTIN.contains(name)) {
            return null;
        }
        String id = SysPaths.decodeId(rest.substring(0, slash));
        DeviceRegistry reg = registry.get();
        if (id == null || reg == null) {
            return null;
        }
        DeviceInfo info = reg.device(id).orElse(null);
        if (info == null || !names(info).contains(name)) {
            return null;
        }
        return new DeviceAttr(info, name, path);
    }

    private static List<String> names(DeviceInfo info) {
        if (info.timingsNanos().containsKey(PROBE_TIMING)) {
            return BUILTIN;
        }
        List<String> n = new ArrayList<>(BUILTIN);
        n.remove("probe_time_ms");
        return n;
    }

    private static AttributeType builtinType(String name) {
        return switch (name) {
            case "state" -> AttributeType.ENUM;
            case "probe_time_ms" -> AttributeType.DECIMAL;
            default -> AttributeType.STRING;
        };
    }

    private static Object builtinValue(DeviceInfo info, String name) {
        return switch (name) {
            case "class" -> info.deviceClass();
            case "state" -> info.state().name();
            case "reason" -> String.valueOf(info.reason());
            case "driver" -> String.valueOf(info.driver());
            case "parent" -> String.valueOf(info.parentId());
            case "devfs" -> String.valueOf(info.devfsPath());
            case "probe_time_ms" -> info.timingsNanos().getOrDefault(PROBE_TIMING, 0L) / 1e6;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static AttributeSpec builtinSpec(DeviceAttr d) {
        AttributeSpec.Builder b = AttributeSpec.builder(d.path, builtinType(d.name));
        switch (d.name) {
            case "class" -> b.description("the device class");
            case "state" -> b.allowed(STATES.toArray(new String[0])).description("the lifecycle state");
            case "reason" -> b.description("why the device is in its state");
            case "driver" -> b.description("the driver that holds or probes the device, or empty");
            case "parent" -> b.description("the parent device id, or empty");
            case "devfs" -> b.description("the devfs path of the device, or empty");
            case "probe_time_ms" -> b.unit("ms").description("how long the last probe took");
            default -> throw new IllegalArgumentException(d.name);
        }
        try {
            return b.device(String.valueOf(d.info.devfsPath())).build();
        } catch (IllegalArgumentException badDevfs) {
            return b.device("").build();
        }
    }

    private boolean deviceExists(String segment) {
        String id = SysPaths.decodeId(segment);
        DeviceRegistry reg = registry.get();
        return id != null && reg != null && reg.device(id).isPresent();
    }

    private HalException notFound(String path) throws HalException {
        SysPaths.checkAttribute(path);
        String seg = deviceSegment(path);
        String below = effective.ceilingKey(path + "/");
        boolean dir = path.equals(SysPaths.DEVICES) || seg != null && deviceExists(seg)
                || below != null && below.startsWith(path + "/");
        if (dir) {
            return new HalException(ErrorCode.INVALID_ARGUMENT, path + " is a directory, not an attribute");
        }
        return new HalException(ErrorCode.NOT_FOUND, "no attribute " + path);
    }
}
