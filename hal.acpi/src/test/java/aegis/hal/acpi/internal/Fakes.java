package aegis.hal.acpi.internal;

import aegis.hal.api.device.Device;
import aegis.hal.sysfs.Attribute;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;

/** Hand-made stand-ins for the framework objects the components use. Test helper. */
final class Fakes {
    private Fakes() {
    }

    static Path fixtures() {
        try {
            return Paths.get(Fakes.class.getResource("/fixtures/hosts").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A logger that records every message it is asked to log. */
    static Logger logger(List<String> sink) {
        return (Logger) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> {
            if (m.getName().equals("toString")) {
                return "fake logger";
            }
            if (m.getReturnType() == boolean.class) {
                return true;
            }
            if (a != null && a.length > 0 && a[0] instanceof String s) {
                synchronized (sink) {
                    sink.add(m.getName() + ": " + s + (a.length > 1 ? " " + java.util.Arrays.toString(java.util.Arrays.copyOfRange(a, 1, a.length)) : ""));
                }
            }
            return null;
        });
    }

    /** A component configuration with the given values (defaults for the rest). */
    static AcpiComponent.Config config(Map<String, Object> values) {
        return (AcpiComponent.Config) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {AcpiComponent.Config.class}, (p, m, a) -> {
                    if (values.containsKey(m.getName())) {
                        return values.get(m.getName());
                    }
                    return m.getDefaultValue();
                });
    }

    /** A registered service: the device and its properties, and whether it was unregistered. */
    static final class Registration {
        final Device device;
        final Dictionary<String, ?> properties;
        volatile boolean unregistered;

        Registration(Device device, Dictionary<String, ?> properties) {
            this.device = device;
            this.properties = properties;
        }
    }

    /** A registered sysfs attribute, and whether it was unregistered. */
    static final class AttributeRegistration {
        final Attribute attribute;
        volatile boolean unregistered;

        AttributeRegistration(Attribute attribute) {
            this.attribute = attribute;
        }
    }

    /** A bundle context whose registerService records Device registrations (and ignores Attribute ones). */
    static BundleContext context(List<Registration> registrations) {
        return context(registrations, new ArrayList<>());
    }

    /** A bundle context whose registerService records Device and Attribute registrations. */
    @SuppressWarnings("unchecked")
    static BundleContext context(List<Registration> registrations, List<AttributeRegistration> attributes) {
        return (BundleContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> {
                    if (m.getName().equals("registerService") && a[1] instanceof Attribute at) {
                        AttributeRegistration r = new AttributeRegistration(at);
                        synchronized (attributes) {
                            attributes.add(r);
                        }
                        return Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                (p2, m2, a2) -> {
                                    if (m2.getName().equals("unregister")) {
                                        if (r.unregistered) {
                                            throw new IllegalStateException("already unregistered");
                                        }
                                        r.unregistered = true;
                                    }
                                    return null;
                                });
                    }
                    if (m.getName().equals("registerService") && a[1] instanceof Device d) {
                        Registration r = new Registration(d, (Dictionary<String, ?>) a[2]);
                        synchronized (registrations) {
                            registrations.add(r);
                        }
                        return Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                (p2, m2, a2) -> {
                                    if (m2.getName().equals("unregister")) {
                                        if (r.unregistered) {
                                            throw new IllegalStateException("already unregistered");
                                        }
                                        r.unregistered = true;
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static List<String> list() {
        return new ArrayList<>();
    }
}
