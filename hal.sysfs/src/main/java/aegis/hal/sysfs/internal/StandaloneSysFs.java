package aegis.hal.sysfs.internal;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Subject;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.SysFs;

import org.osgi.framework.Bundle;

/**
 * The sysfs engine outside a framework, for benchmarks and embedding tests: the same code the
 * {@code SysFsManager} component runs, fed by hand. Not exported (an internal package): other
 * bundles use the {@link SysFs} service. Thread-safe.
 */
public final class StandaloneSysFs {
    private final SysFsEngine engine;

    /**
     * @param capabilities the capability service now in force, or {@code null}
     * @param registry     the device registry now in force, or {@code null}
     * @param events       where change events go (topic, properties)
     */
    public StandaloneSysFs(Supplier<CapabilityService> capabilities, Supplier<DeviceRegistry> registry,
            BiConsumer<String, Map<String, Object>> events) {
        this.engine = new SysFsEngine(capabilities, registry, events::accept, (m, e) -> { });
    }

    /**
     * Adds an attribute as if {@code owner} had registered it as a service.
     *
     * @param attribute the attribute
     * @param serviceId a unique id
     * @param ranking   its ranking
     * @param owner     the providing bundle (must be trusted by the capability service)
     * @return whether it now serves its path
     */
    public boolean register(Attribute attribute, long serviceId, int ranking, Bundle owner) {
        return engine.add(attribute, serviceId, ranking, Caller.of(owner));
    }

    /**
     * @param bundle a consuming bundle
     * @return the {@link SysFs} that bundle would get from the service
     */
    public SysFs forBundle(Bundle bundle) {
        return new BundleSysFs(engine, Caller.of(bundle));
    }

    /**
     * @param id      a caller id (stands for a bundle id)
     * @param label   for messages
     * @param subject the caller's subject, already resolved
     * @return a {@link SysFs} acting as that subject
     */
    public SysFs forSubject(long id, String label, Subject subject) {
        return new BundleSysFs(engine, new Caller(id, label, cap -> subject));
    }
}
