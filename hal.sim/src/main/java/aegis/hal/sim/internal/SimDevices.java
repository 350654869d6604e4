package aegis.hal.sim.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;

import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.guard.GuardedRegistration;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One factory configuration of {@value #PID} = one group of simulated devices, registered as
 * Device services {@code sim:<prefix><n>} with devfs nodes {@code /dev/sim/<prefix><n>}, each
 * through a {@link GuardedRegistration} so that only bundles whose grants cover its node get it. An
 * invalid configuration registers nothing and says why in the log.
 */
@Component(service = {}, configurationPid = SimDevices.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimDevices.Config.class, factory = true)
public final class SimDevices {
    /** Factory configuration PID. */
    public static final String PID = "aegis.hal.sim";

    /** A group of simulated devices. */
    @ObjectClassDefinition(name = "Aegis HAL simulated devices", description = "A group of simulated devices")
    public @interface Config {
        /** @return the device class */
        @AttributeDefinition(description = "Device class, e.g. SIM or BLOCK")
        String device_class() default "SIM";

        /** @return how many devices */
        @AttributeDefinition(min = "0", max = "1000000", description = "How many devices")
        int count() default 1;

        /** @return the id prefix */
        @AttributeDefinition(description = "Name prefix: devices are sim:<prefix><n>")
        String prefix() default "dev";

        /** @return the parent id */
        @AttributeDefinition(required = false, description = "Parent device id of every device in the group")
        String parent() default "";

        /** @return extra properties */
        @AttributeDefinition(required = false, description = "Device properties as key=value, e.g. sim.probe=fail")
        String[] properties() default {};
    }

    private final List<GuardedRegistration<Device>> registrations = new ArrayList<>();

    /**
     * Registers the group.
     *
     * @param context      the bundle context
     * @param config       the group's configuration
     * @param capabilities to hand each device only to bundles whose grants cover it
     * @param logger       the logger
     */
    @Activate
    public SimDevices(BundleContext context, Config config, @Reference CapabilityService capabilities,
            @Reference(service = LoggerFactory.class) Logger logger) {
        List<BasicDevice> devices;
        try {
            devices = build(config);
        } catch (IllegalArgumentException e) {
            logger.error("invalid {} configuration, no devices registered: {}", PID, e.getMessage());
            return;
        }
        for (BasicDevice d : devices) {
            registrations.add(GuardedRegistration.register(context, capabilities, Device.class, d,
                    d.serviceProperties()));
        }
        logger.info("registered {} simulated device(s) with prefix {}", devices.size(), config.prefix());
    }

    /**
     * Builds the devices of a group.
     *
     * @param config the configuration
     * @return the devices
     * @throws IllegalArgumentException naming the invalid property
     */
    static List<BasicDevice> build(Config config) {
        if (config.count() < 0 || config.count() > 1_000_000) {
            throw new IllegalArgumentException("count: " + config.count() + " is outside 0..1000000");
        }
        DeviceClass cls;
        try {
            cls = DeviceClass.of(config.device_class());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device.class: " + e.getMessage());
        }
        if (!config.prefix().matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("prefix: '" + config.prefix() + "' must be 1-32 of a-z, 0-9, _, -");
        }
        String parent = config.parent() == null || config.parent().isBlank() ? null : config.parent().trim();
        if (parent != null && !BasicDevice.isValidId(parent)) {
            throw new IllegalArgumentException("parent: '" + parent + "' is not a device id");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (String kv : config.properties()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("properties: '" + kv + "' is not key=value");
            }
            props.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        List<BasicDevice> out = new ArrayList<>(config.count());
        for (int i = 0; i < config.count(); i++) {
            String name = config.prefix() + i;
            out.add(BasicDevice.builder("sim:" + name, cls).devfsPath("/dev/sim/" + name).parent(parent)
                    .property(Device.MODEL, "Aegis simulated device").property(Device.VENDOR, "aegis")
                    .properties(props).build());
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).close();
        }
        registrations.clear();
    }
}
