package aegis.hal.capability.testkit;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/** Minimal OSGi fakes built with dynamic proxies: just what the capability code calls. */
public final class Fakes {
    private Fakes() {
    }

    /** A fake bundle. */
    public static Bundle bundle(long id, String bsn, String location) {
        return (Bundle) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getBundleId": return id;
                case "getSymbolicName": return bsn;
                case "getLocation": return location;
                case "hashCode": return Long.hashCode(id);
                case "equals": return a[0] instanceof Bundle b && b.getBundleId() == id;
                case "toString": return "bundle " + id + " " + bsn;
                default: throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    /** A registration made through {@link Context}. */
    public static final class Registration {
        public final String clazz;
        public final Object service;
        public volatile Dictionary<String, Object> properties;
        public volatile boolean unregistered;
        public final List<Bundle> using = new ArrayList<>();
        public final java.util.concurrent.atomic.AtomicInteger modifications = new java.util.concurrent.atomic.AtomicInteger();
        public final ServiceRegistration<Object> registration;
        public final ServiceReference<Object> reference;

        @SuppressWarnings("unchecked")
        Registration(Context ctx, long serviceId, String clazz, Object service, Dictionary<String, ?> props) {
            this.clazz = clazz;
            this.service = service;
            Hashtable<String, Object> p = new Hashtable<>();
            if (props != null) {
                for (var e = props.keys(); e.hasMoreElements();) {
                    String k = e.nextElement();
                    p.put(k, props.get(k));
                }
            }
            p.put(Constants.OBJECTCLASS, new String[] {clazz});
            p.put(Constants.SERVICE_ID, serviceId);
            this.properties = p;
            this.reference = (ServiceReference<Object>) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {ServiceReference.class}, (px, m, a) -> {
                        switch (m.getName()) {
                            case "getProperty": return properties.get((String) a[0]);
                            case "getBundle": return unregistered ? null : ctx.bundle;
                            case "getUsingBundles":
                                synchronized (using) {
                                    return using.isEmpty() ? null : using.toArray(new Bundle[0]);
                                }
                            case "hashCode": return System.identityHashCode(px);
                            case "equals": return px == a[0];
                            case "toString": return "ref " + properties;
                            default: throw new UnsupportedOperationException(m.getName());
                        }
                    });
            this.registration = (ServiceRegistration<Object>) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (px, m, a) -> {
                        switch (m.getName()) {
                            case "getReference":
                                if (unregistered) {
                                    throw new IllegalStateException("unregistered");
                                }
                                return reference;
                            case "setProperties":
                                if (unregistered) {
                                    throw new IllegalStateException("unregistered");
                                }
                                @SuppressWarnings("unchecked")
                                Dictionary<String, ?> d = (Dictionary<String, ?>) a[0];
                                Hashtable<String, Object> np = new Hashtable<>();
                                for (var e = d.keys(); e.hasMoreElements();) {
                                    String k = e.nextElement();
                                    np.put(k, d.get(k));
                                }
                                np.put(Constants.OBJECTCLASS, properties.get(Constants.OBJECTCLASS));
                                np.put(Constants.SERVICE_ID, properties.get(Constants.SERVICE_ID));
                                properties = np;
                                modifications.incrementAndGet();
                                return null;
                            case "unregister":
                                if (unregistered) {
                                    throw new IllegalStateException("unregistered");
                                }
                                unregistered = true;
                                return null;
                            case "hashCode": return System.identityHashCode(px);
                            case "equals": return px == a[0];
                            case "toString": return "registration " + properties;
                            default: throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }

        /** Simulates {@code getService} by a consumer, as the framework would call a factory. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object getService(Bundle consumer) {
            if (unregistered) {
                return null;
            }
            Object s = service;
            if (s instanceof org.osgi.framework.ServiceFactory f) {
                s = f.getService(consumer, registration);
            }
            if (s != null) {
                synchronized (using) {
                    if (!using.contains(consumer)) {
                        using.add(consumer);
                    }
                }
            }
            return s;
        }
    }

    /** A fake bundle context that records registrations. */
    public static final class Context {
        public final Bundle bundle;
        public final List<Registration> registrations = new ArrayList<>();
        public final Map<Long, Bundle> bundles = new ConcurrentHashMap<>();
        public final Map<String, String> properties = new ConcurrentHashMap<>();
        public final List<Object> bundleListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        public volatile java.nio.file.Path dataArea;
        private final AtomicLong ids = new AtomicLong(100);
        public final BundleContext context;

        public Context(Bundle bundle) {
            this.bundle = bundle;
            bundles.put(bundle.getBundleId(), bundle);
            this.context = (BundleContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (px, m, a) -> {
                        switch (m.getName()) {
                            case "getBundle":
                                if (a == null || a.length == 0) {
                                    return bundle;
                                }
                                if (a[0] instanceof Long id) {
                                    return bundles.get(id);
                                }
                                throw new UnsupportedOperationException("getBundle(String)");
                            case "getBundles": return bundles.values().toArray(new Bundle[0]);
                            case "getProperty": return properties.get((String) a[0]);
                            case "getDataFile": return dataArea == null ? null : dataArea.resolve((String) a[0]).toFile();
                            case "addBundleListener": bundleListeners.add(a[0]); return null;
                            case "removeBundleListener": bundleListeners.remove(a[0]); return null;
                            case "registerService": {
                                String clazz = a[0] instanceof String s ? s
                                        : a[0] instanceof String[] arr ? arr[0] : ((Class<?>) a[0]).getName();
                                @SuppressWarnings("unchecked")
                                Dictionary<String, ?> d = (Dictionary<String, ?>) a[2];
                                Registration r = new Registration(this, ids.incrementAndGet(), clazz, a[1], d);
                                synchronized (registrations) {
                                    registrations.add(r);
                                }
                                return r.registration;
                            }
                            case "hashCode": return System.identityHashCode(px);
                            case "equals": return px == a[0];
                            case "toString": return "context of " + bundle;
                            default: throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }

        /** @return the registrations not unregistered */
        public List<Registration> live() {
            synchronized (registrations) {
                return registrations.stream().filter(r -> !r.unregistered).toList();
            }
        }
    }
}
