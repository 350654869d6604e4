package aegis.hal.sysfs.internal;

import java.util.Map;

import aegis.hal.api.event.HalEvents;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.SysFs;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The sysfs component: owns the attribute tree, tracks {@link Attribute} services (whiteboard),
 * registers the bundle-scoped {@link SysFs} service through a {@link ServiceFactory} (so that each
 * consuming bundle gets an object bound to its own identity and the shared tree is never itself a
 * service another bundle could call), and turns registry device events into attribute change events.
 *
 * <p>Every reference is optional and dynamic: without the registry the devices directory is empty,
 * without EventAdmin no events are posted, without the capability service sysfs fails closed (open
 * reads only, and no attribute is admitted because no bundle can be told trusted).
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=aegis.hal.sysfs.SysFs")
@Component(name = SysFsManager.PID, service = EventHandler.class, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + HalEvents.DEVICE_TOPIC_ALL)
public final class SysFsManager implements EventHandler {
    /** The component name (there is no configuration). */
    public static final String PID = "aegis.hal.sysfs";

    @Reference(service = LoggerFactory.class)
    private volatile Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile CapabilityService capabilities;

    private final SysFsEngine engine;
    private final ServiceRegistration<?> registration;

    /**
     * Creates the tree and registers the {@link SysFs} service.
     *
     * @param context the bundle context
     */
    @Activate
    public SysFsManager(BundleContext context) {
        this.engine = new SysFsEngine(() -> capabilities, () -> registry, this::post, this::warn);
        this.registration = context.registerService(SysFs.class.getName(), new ServiceFactory<SysFs>() {
            @Override
            public SysFs getService(Bundle bundle, ServiceRegistration<SysFs> reg) {
                return new BundleSysFs(engine, Caller.of(bundle));
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<SysFs> reg, SysFs service) {
                // nothing held per bundle
            }
        }, null);
    }

    /** Unregisters the {@link SysFs} service. */
    @Deactivate
    public void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }

    /**
     * @param service the capability service (the object bound to this bundle)
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCapabilities(CapabilityService service) {
        this.capabilities = service;
        engine.rebuild();
    }

    /** @param service the capability service that goes away */
    void unsetCapabilities(CapabilityService service) {
        if (capabilities == service) {
            capabilities = null;
            engine.rebuild();
        }
    }

    /**
     * @param attribute the attribute service
     * @param ref       its reference
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAttribute(Attribute attribute, ServiceReference<Attribute> ref) {
        engine.add(attribute, (Long) ref.getProperty(Constants.SERVICE_ID), ranking(ref), Caller.of(ref.getBundle()));
    }

    /**
     * @param attribute the attribute service
     * @param ref       its reference, with changed properties
     */
    void updatedAttribute(Attribute attribute, ServiceReference<Attribute> ref) {
        addAttribute(attribute, ref);
    }

    /** @param ref the reference of an attribute service that goes away */
    void removeAttribute(ServiceReference<Attribute> ref) {
        engine.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    @Override
    public void handleEvent(Event event) {
        try {
            if (event.getProperty(HalEvents.DEVICE_ID) instanceof String id) {
                String topic = event.getTopic();
                engine.deviceEvent(id, topic.substring(topic.lastIndexOf('/') + 1));
            }
        } catch (Throwable t) { // a task boundary: EventAdmin's delivery thread
            warn("sysfs could not handle " + event.getTopic(), t);
        }
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, props));
        }
    }

    private void warn(String message, Throwable cause) {
        Logger l = logger;
        if (l == null) {
            return;
        }
        if (cause == null) {
            l.warn("{}", message);
        } else {
            l.warn("{}", message, cause);
        }
    }
}
