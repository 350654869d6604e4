package aegis.hal.benchmarks.registry;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * A Felix framework started in-process with real bundle jars of this build (from
 * {@code benchmarks/target/bundles}), for benchmarks that measure the runtime as it runs. HAL types
 * are reached by reflection through the bundles' own class loaders, never from the benchmark's
 * class path, so nothing is shared by accident.
 */
final class EmbeddedRuntime implements AutoCloseable {
    /** The bundles of a bare Felix + SCR + Gogo start. */
    static final List<String> BARE = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.command", "org.apache.felix.gogo.shell");
    /** The bundles of the Aegis HAL runtime (as in run/aegis-hal.bndrun, less JNA). */
    static final List<String> HAL = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.eventadmin", "org.apache.felix.log",
            "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
            "hal.api", "hal.registry", "hal.capability", "hal.devfs", "hal.sim", "org.apache.felix.gogo.shell");

    final Framework framework;
    final Path storage;

    private EmbeddedRuntime(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    static Path bundleDir() {
        for (String c : new String[] { System.getProperty("aegis.bundles", ""), "benchmarks/target/bundles",
                "target/bundles" }) {
            if (!c.isEmpty() && Files.isDirectory(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("no bundle folder: build with 'mvn package' or set -Daegis.bundles");
    }

    /**
     * Starts a framework with the named bundles and waits until it has started.
     *
     * @param names jar names without ".jar", started in this order
     * @param props extra framework properties
     * @return the running framework
     */
    static EmbeddedRuntime start(List<String> names, Map<String, String> props) throws IOException, BundleException {
        return start(names, props, ctx -> { });
    }

    /**
     * Starts a framework, letting the caller act after init and before start.
     *
     * @param names       jar names without ".jar"
     * @param props       extra framework properties
     * @param beforeStart called with the system bundle context before the framework starts
     * @return the running framework
     */
    static EmbeddedRuntime start(List<String> names, Map<String, String> props,
            java.util.function.Consumer<BundleContext> beforeStart) throws IOException, BundleException {
        Path storage = Files.createTempDirectory("aegis-bench-felix");
        Map<String, String> p = new HashMap<>(props);
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("gosh.args", "--nointeractive");
        p.put("felix.log.level", "1");
        Framework fw = new FrameworkFactory().newFramework(p);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        Path dir = bundleDir();
        for (String n : names) {
            File f = dir.resolve(n + ".jar").toFile();
            bundles.add(ctx.installBundle(f.toURI().toString()));
        }
        beforeStart.accept(ctx);
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        fw.start();
        return new EmbeddedRuntime(fw, storage);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    Bundle bundle(String bsn) {
        for (Bundle b : context().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException("no bundle " + bsn);
    }

    /** @return the DeviceRegistry service object */
    Object registry() throws Exception {
        return service("aegis.hal.api.registry.DeviceRegistry");
    }

    Object service(String iface) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            // all references: the benchmark's own class path may hold a copy of the API types
            ServiceReference<?>[] refs;
            try {
                refs = context().getAllServiceReferences(iface, null);
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (refs != null && refs.length > 0) {
                return context().getService(refs[0]);
            }
            Thread.onSpinWait();
        }
        StringBuilder sb = new StringBuilder("service " + iface + " never appeared; bundles:");
        for (Bundle b : context().getBundles()) {
            sb.append("\n  ").append(b.getSymbolicName()).append(" state=").append(b.getState());
        }
        throw new IllegalStateException(sb.toString());
    }

    /**
     * Gets a service as a given bundle sees it (for bundle-scoped services).
     *
     * @param bsn   the consuming bundle
     * @param iface the service interface
     * @return the service object that bundle gets
     */
    Object serviceOf(String bsn, String iface) throws Exception {
        BundleContext ctx = bundle(bsn).getBundleContext();
        ServiceReference<?>[] refs = ctx.getAllServiceReferences(iface, null);
        if (refs == null || refs.length == 0) {
            throw new IllegalStateException("no " + iface + " for " + bsn);
        }
        return ctx.getService(refs[0]);
    }

    Class<?> apiClass(String name) throws ClassNotFoundException {
        return bundle("aegis.hal.api").loadClass(name);
    }

    boolean awaitSettled(Object registry, Duration d) throws Exception {
        Method m = apiClass("aegis.hal.api.registry.DeviceRegistry").getMethod("awaitSettled", Duration.class);
        return (Boolean) m.invoke(registry, d);
    }

    @SuppressWarnings("unchecked")
    long countActive(Object registry) throws Exception {
        Class<?> reg = apiClass("aegis.hal.api.registry.DeviceRegistry");
        Class<?> info = apiClass("aegis.hal.api.registry.DeviceInfo");
        Method state = info.getMethod("state");
        long n = 0;
        for (Object d : (List<Object>) reg.getMethod("devices").invoke(registry)) {
            if (state.invoke(d).toString().equals("ACTIVE")) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
        try (Stream<Path> s = Files.walk(storage)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    static Set<String> names(List<String> l) {
        return Set.copyOf(l);
    }
}
