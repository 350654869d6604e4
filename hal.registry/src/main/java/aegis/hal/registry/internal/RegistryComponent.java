package aegis.hal.registry.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceState;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.HalException;
import aegis.hal.api.event.HalEvents;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.api.registry.DriverInfo;
import aegis.hal.api.registry.Explanation;
import aegis.hal.api.registry.PowerReport;
import aegis.hal.api.registry.Transition;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The registry: tracks Device and Driver services, binds them through the {@link BindingEngine},
 * posts every transition to EventAdmin and offers the {@link DeviceRegistry} service. Binding
 * starts only once the framework has started.
 */
@Component(service = DeviceRegistry.class, configurationPid = RegistryComponent.PID, immediate = true)
@Designate(ocd = RegistryComponent.Config.class)
public final class RegistryComponent implements DeviceRegistry {
    /** Configuration PID. */
    public static final String PID = "aegis.hal.registry";

    /** The registry's configuration. */
    @ObjectClassDefinition(name = "Aegis HAL registry", description = "Binding policy, callback deadlines and quarantine")
    public @interface Config {
        /** @return the takeover policy */
        @AttributeDefinition(name = "Takeover policy", description = "Whether an arriving driver may take devices"
                + " held by a driver it outranks", options = { @Option(value = "never", label = "never"),
                        @Option(value = "idle", label = "idle: only when the holder says the device is not busy"),
                        @Option(value = "better", label = "better: always") })
        String takeover_policy() default "idle";

        /** @return deadline of match() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of match() in ms")
        long deadline_match_ms() default 1_000;

        /** @return deadline of init() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of init() in ms")
        long deadline_init_ms() default 10_000;

        /** @return deadline of probe() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of probe() in ms")
        long deadline_probe_ms() default 5_000;

        /** @return deadline of suspend() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of suspend() in ms")
        long deadline_suspend_ms() default 5_000;

        /** @return deadline of resume() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of resume() in ms")
        long deadline_resume_ms() default 5_000;

        /** @return deadline of remove() in ms */
        @AttributeDefinition(min = "1", max = "600000", description = "Deadline of remove() in ms")
        long deadline_remove_ms() default 5_000;

        /** @return failures in a row that quarantine a driver */
        @AttributeDefinition(min = "1", max = "1000", description = "Failed callbacks in a row that quarantine a driver")
        int quarantine_threshold() default 3;

        /** @return the handover grace period in ms */
        @AttributeDefinition(min = "0", max = "60000", description = "How long the devices of a departed driver wait"
                + " for the same bundle to come back (an update) before they go to another driver")
        long handover_grace_ms() default 500;

        /** @return transitions kept in memory */
        @AttributeDefinition(min = "10", max = "1000000", description = "Transitions kept for hal:events")
        int events_capacity() default 1_000;

        /** @return worker threads */
        @AttributeDefinition(min = "1", max = "256", description = "Worker threads running driver callbacks")
        int callback_threads() default 2;
    }

    private final BundleContext context;
    private final Logger logger;
    private final BindingEngine engine;
    private final DiscoveryMarks discoveries;
    private volatile EventAdmin eventAdmin;
    private volatile String lastRejected = "";
    private final BundleListener bundleListener;
    private final FrameworkListener frameworkListener;

    /**
     * Activates the registry.
     *
     * @param context    the bundle context
     * @param properties the configuration
     * @param logger     the logger
     */
    @Activate
    public RegistryComponent(BundleContext context, Map<String, Object> properties,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.logger = logger;
        Settings s = Settings.DEFAULTS;
        try {
            s = Settings.parse(properties, Settings.DEFAULTS);
        } catch (Settings.InvalidSettingsException e) {
            lastRejected = e.getMessage();
            logger.error("invalid configuration {} rejected, using defaults: {}", PID, e.getMessage());
        }
        java.io.File data = context.getDataFile("admin-state.properties");
        AdminState admin = new AdminState(data == null ? null : data.toPath());
        if (!admin.lastError().isEmpty()) {
            logger.error("{}", admin.lastError());
        }
        this.engine = new BindingEngine(s, this::publish, admin);
        this.discoveries = new DiscoveryMarks(engine::discoveryStarted, engine::discoveryEnded);
        this.bundleListener = this::bundleChanged;
        context.addBundleListener(bundleListener);
        this.frameworkListener = e -> {
            if (e.getType() == FrameworkEvent.STARTED) {
                engine.start();
            }
        };
        context.addFrameworkListener(frameworkListener);
        if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
            engine.start();
        }
    }

    /**
     * Applies a new configuration, or keeps the one in force if it is invalid.
     *
     * @param properties the new configuration
     */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            engine.setSettings(Settings.parse(properties, Settings.DEFAULTS));
            lastRejected = "";
        } catch (Settings.InvalidSettingsException e) {
            lastRejected = e.getMessage();
            logger.error("invalid configuration {} rejected, keeping the previous one: {}", PID, e.getMessage());
            EventAdmin ea = eventAdmin;
            if (ea != null) {
                ea.postEvent(new Event(HalEvents.CONFIGURATION_REJECTED, Map.of(HalEvents.REASON, e.getMessage())));
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(frameworkListener);
        context.removeBundleListener(bundleListener);
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin ea) {
        this.eventAdmin = ea;
    }

    void unsetEventAdmin(EventAdmin ea) {
        if (this.eventAdmin == ea) {
            this.eventAdmin = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(Driver driver, ServiceReference<Driver> ref) {
        Set<String> classes = new LinkedHashSet<>(strings(ref.getProperty(Driver.CLASSES)));
        Bundle b = ref.getBundle();
        Object n = ref.getProperty(Driver.NAME);
        String name = n != null ? n.toString() : driver.getClass().getName();
        long sid = (Long) ref.getProperty(Constants.SERVICE_ID);
        if (classes.isEmpty()) {
            logger.warn("driver {} (service {}) declares no {} and is never asked", name, sid, Driver.CLASSES);
        }
        engine.addDriver(new DriverRecord(driver, sid, name, b == null ? "" : b.getSymbolicName(),
                b == null ? "" : b.getVersion().toString(), b == null ? -1 : b.getBundleId(), classes, ranking(ref)));
    }

    void updatedDriver(Driver driver, ServiceReference<Driver> ref) {
        engine.driverRankingChanged((Long) ref.getProperty(Constants.SERVICE_ID), ranking(ref));
    }

    void removeDriver(Driver driver, ServiceReference<Driver> ref) {
        engine.removeDriver((Long) ref.getProperty(Constants.SERVICE_ID), true);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBindingListener(aegis.hal.api.registry.BindingListener l) {
        engine.addBindingListener(l);
    }

    void removeBindingListener(aegis.hal.api.registry.BindingListener l) {
        engine.removeBindingListener(l);
    }

    @Reference(service = Object.class, target = "(" + aegis.hal.api.registry.Discovery.PROPERTY + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDiscovery(ServiceReference<Object> ref) {
        discoveries.arrived((Long) ref.getProperty(Constants.SERVICE_ID), () -> ref.getBundle() != null);
    }

    void removeDiscovery(ServiceReference<Object> ref) {
        discoveries.departed((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(Device device, ServiceReference<Device> ref) {
        engine.addDevice(device, (Long) ref.getProperty(Constants.SERVICE_ID));
    }

    void removeDevice(Device device, ServiceReference<Device> ref) {
        engine.removeDevice((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    private void bundleChanged(BundleEvent e) {
        if (e.getType() == BundleEvent.UNINSTALLED && e.getBundle().getSymbolicName() != null) {
            engine.bundleUninstalled(e.getBundle().getSymbolicName());
        }
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer i ? i : 0;
    }

    private static List<String> strings(Object v) {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof String[] a) {
            return Arrays.asList(a);
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private void publish(Transition t, String deviceClass) {
        if (t.to() == DeviceState.FAILED || t.to() == DeviceState.QUARANTINED) {
            logger.warn("{} -> {}: {}", t.deviceId(), t.to(), t.reason());
        } else {
            logger.debug("{} {} -> {}: {}", t.deviceId(), t.from(), t.to(), t.reason());
        }
        EventAdmin ea = eventAdmin;
        if (ea == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(HalEvents.DEVICE_ID, t.deviceId());
        p.put(HalEvents.DEVICE_CLASS, deviceClass);
        p.put(HalEvents.STATE, t.to().name());
        p.put(HalEvents.PREVIOUS_STATE, t.from().name());
        p.put(HalEvents.REASON, t.reason());
        p.put(HalEvents.DRIVER, t.driver());
        p.put(HalEvents.DURATION_NANOS, t.durationNanos());
        p.put(HalEvents.TIMESTAMP, t.time().toEpochMilli());
        ea.postEvent(new Event(HalEvents.deviceTopic(t.to().name()), p));
    }

    @Override
    public List<DeviceInfo> devices() {
        return engine.devices();
    }

    @Override
    public Optional<DeviceInfo> device(String id) {
        return engine.device(id);
    }

    @Override
    public List<DriverInfo> drivers() {
        return engine.drivers();
    }

    @Override
    public Explanation explain(String deviceId) throws HalException {
        return engine.explain(deviceId);
    }

    @Override
    public DeviceInfo bind(String deviceId, String driver) throws HalException {
        return engine.bind(deviceId, driver);
    }

    @Override
    public DeviceInfo unbind(String deviceId) throws HalException {
        return engine.unbind(deviceId);
    }

    @Override
    public DeviceInfo rebind(String deviceId) throws HalException {
        return engine.rebind(deviceId);
    }

    @Override
    public PowerReport suspend(String deviceId) throws HalException {
        return engine.suspend(deviceId);
    }

    @Override
    public PowerReport resume(String deviceId) throws HalException {
        return engine.resume(deviceId);
    }

    @Override
    public PowerReport suspendAll() {
        return engine.suspendAll();
    }

    @Override
    public PowerReport resumeAll() {
        return engine.resumeAll();
    }

    @Override
    public List<DriverInfo> quarantined() {
        return engine.quarantined();
    }

    @Override
    public int clearQuarantine(String driver) throws HalException {
        return engine.clearQuarantine(driver);
    }

    @Override
    public List<Transition> transitions(int limit) {
        return engine.transitions(limit);
    }

    @Override
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>(engine.settings().asMap());
        m.put("last.rejected", lastRejected);
        m.put("stuck.threads", engine.stuckThreads());
        m.put("admin.state.error", engine.adminStateError());
        return m;
    }

    /** @return the engine's operations queued, running or waiting; 0 when settled */
    int pendingOperations() {
        return engine.pendingOperations();
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return engine.awaitSettled(timeout);
    }
}
