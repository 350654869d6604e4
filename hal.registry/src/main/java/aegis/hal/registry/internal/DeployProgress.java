package aegis.hal.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import aegis.hal.api.driver.Driver;

/**
 * Whether the bundles in FileInstall's deploy folder are in force: each bundle jar there is installed
 * and started, or cannot resolve (a mandatory requirement that no installed bundle offers, as
 * {@link UnresolvedBundleReporter} reports it). {@code hal:await} waits for this before it waits for
 * the registry to settle, so that a one-shot command sees the drivers dropped into {@code deploy/}.
 *
 * <p>It reads the folder and FileInstall's framework properties ({@code felix.fileinstall.dir},
 * {@code .filter}, {@code .subdir.mode}, {@code .bundles.new.start}) and waits on bundle events; it
 * never installs, resolves or starts anything. A started bundle with Declarative Services components
 * is in force once the DS runtime has loaded, enabled and configured them, bound the references it
 * has services for and registered their services, and the registry has taken in each of its
 * {@code Driver} services. Jars that are not bundles (no {@code Bundle-SymbolicName}) and fragments are not
 * waited for. Configuration files ({@code .cfg}, {@code .config}) are, as {@link DeployConfigs} says:
 * until Configuration Admin holds them and the DS components taking their PID carry their properties. A bundle whose start failed (its activator threw, or
 * its lazy activation did) stays RESOLVED: it is not waited for either, and {@link #failedStarts} names
 * it. That is known from the bundle's own events: STARTING followed by STOPPED with no STARTED between,
 * which a {@link SynchronousBundleListener} (the only kind STARTING reaches) sees from {@link #open}
 * on; {@link #open} also marks a bundle that is RESOLVED although persistently started at a reached
 * start level (a start that failed before it). The owner keeps one instance for the runtime's life.
 * Thread-safe.
 */
final class DeployProgress {
    private final BundleContext context;
    private final java.util.function.LongPredicate registryKnows;
    /** Bundle ids seen STARTING and not STARTED or STOPPED since. */
    private final java.util.Set<Long> starting = ConcurrentHashMap.newKeySet();
    /** Bundle ids whose last start failed: STARTING then STOPPED, not started, updated or uninstalled since. */
    private final java.util.Set<Long> failed = ConcurrentHashMap.newKeySet();
    private final SynchronousBundleListener startWatch = e -> {
        long id = e.getBundle().getBundleId();
        switch (e.getType()) {
            case BundleEvent.STARTING -> {
                failed.remove(id);
                starting.add(id);
            }
            case BundleEvent.STOPPED -> {
                if (starting.remove(id)) {
                    failed.add(id);
                }
            }
            case BundleEvent.STARTED, BundleEvent.UPDATED, BundleEvent.UNRESOLVED, BundleEvent.UNINSTALLED -> {
                starting.remove(id);
                failed.remove(id);
            }
            default -> { }
        }
    };

    /**
     * @param context       the registry bundle's context
     * @param registryKnows whether the registry has taken in the {@code Driver} service with this
     *                      service id
     */
    DeployProgress(BundleContext context, java.util.function.LongPredicate registryKnows) {
        this.context = context;
        this.registryKnows = registryKnows;
    }

    /** Starts watching for failed starts; {@link #close} ends it. */
    void open() {
        context.addBundleListener(startWatch);
        // a start that failed before this listener existed: RESOLVED although it is to be started and
        // its start level is reached (a bundle about to be started looks the same for an instant, but
        // its STARTING and then STARTED or STOPPED event correct the mark before anyone can await)
        try {
            org.osgi.framework.startlevel.FrameworkStartLevel fsl = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                    .adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
            for (Bundle b : context.getBundles()) {
                org.osgi.framework.startlevel.BundleStartLevel bsl = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
                if (b.getState() == Bundle.RESOLVED && fsl != null && bsl != null && bsl.isPersistentlyStarted()
                        && bsl.getStartLevel() <= fsl.getStartLevel()
                        && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    failed.add(b.getBundleId());
                }
            }
        } catch (IllegalStateException | SecurityException e) {
            // the framework is stopping: nothing to wait for any more
        }
    }

    /** Stops watching; the context may be gone already. */
    void close() {
        try {
            context.removeBundleListener(startWatch);
        } catch (IllegalStateException e) {
            // the bundle is stopping
        }
    }

    /**
     * @return the deploy jars whose bundle failed to start and stays RESOLVED, one line each
     *         ({@code deploy/x.jar: failed to start}); FileInstall logs why
     */
    List<String> failedStarts() {
        Path dir = deployDir();
        if (dir == null || failed.isEmpty()) {
            return List.of();
        }
        Bundle[] bundles = context.getBundles();
        List<String> out = new ArrayList<>();
        for (Path jar : jars(dir)) {
            Bundle b = installedFrom(jar, bundles);
            if (b != null && b.getState() == Bundle.RESOLVED && failed.contains(b.getBundleId())) {
                out.add(context.getProperty("felix.fileinstall.dir") + "/" + dir.relativize(jar) + ": failed to start");
            }
        }
        return out;
    }

    /** @return the deploy folder, or null when there is none */
    private Path deployDir() {
        String dirProp = context.getProperty("felix.fileinstall.dir");
        if (dirProp == null || dirProp.isBlank()) {
            return null;
        }
        Path dir;
        try {
            dir = Path.of(dirProp).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        return Files.isDirectory(dir) ? dir : null;
    }

    /**
     * @return what is still pending, one line per jar ({@code deploy/x.jar: not installed yet}); empty
     *         when there is no deploy folder or everything in it is in force
     */
    List<String> pending() {
        Path dir = deployDir();
        if (dir == null) {
            return List.of();
        }
        String dirProp = context.getProperty("felix.fileinstall.dir");
        boolean startExpected = !"false".equalsIgnoreCase(context.getProperty("felix.fileinstall.bundles.new.start"));
        Bundle[] bundles = context.getBundles();
        List<String> out = new ArrayList<>();
        for (Path jar : jars(dir)) {
            String why = pending(jar, bundles, startExpected);
            if (why != null) {
                out.add(dirProp + "/" + dir.relativize(jar) + ": " + why);
            }
        }
        List<Path> configs = files(dir, name -> name.endsWith(".cfg") || name.endsWith(".config"));
        if (!configs.isEmpty()) {
            try {
                out.addAll(DeployConfigs.pending(context, configs, f -> dirProp + "/" + dir.relativize(f)));
            } catch (NoClassDefFoundError e) {
                // no Configuration Admin package: FileInstall reads no configuration files either
            }
        }
        return out;
    }

    /**
     * Waits until nothing is pending, waking on every bundle and service event.
     *
     * @param timeout how long at most
     * @return what is still pending at the deadline; empty when everything is in force
     * @throws InterruptedException if interrupted
     */
    List<String> await(Duration timeout) throws InterruptedException {
        Object changed = new Object();
        long[] events = {0};
        Runnable wake = () -> {
            synchronized (changed) {
                events[0]++;
                changed.notifyAll();
            }
        };
        BundleListener l = e -> wake.run();
        ServiceListener sl = e -> wake.run();
        context.addBundleListener(l);
        context.addServiceListener(sl);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long seen;
                synchronized (changed) {
                    seen = events[0];
                }
                List<String> p = pending();
                long left = deadline - System.nanoTime();
                if (p.isEmpty() || left <= 0) {
                    return p;
                }
                synchronized (changed) {
                    // a bundle event leads out of the bundle states: FileInstall installing the jar,
                    // its resolution or start, another bundle installed that it requires; DS enabling
                    // components and the registry taking in a driver need not post any event, so
                    // those states, and configurations, are looked at again every 20 ms
                    if (events[0] == seen) {
                        long waitMs = Math.max(1, left / 1_000_000);
                        changed.wait(p.stream().anyMatch(DeployProgress::componentsPending) ? Math.min(20, waitMs)
                                : waitMs);
                    }
                }
            }
        } finally {
            context.removeServiceListener(sl);
            context.removeBundleListener(l);
        }
    }

    private static boolean componentsPending(String line) {
        return line.contains(": component") || line.contains(": driver service") || line.contains(": configuration");
    }

    /** What the manifest of a deploy jar says, as far as waiting goes; read once per file version. */
    private record JarKind(long modified, long size, boolean waitedFor, boolean components) {
    }

    /** Deploy jars by path: {@link #await} looks again every 20 ms while components are pending. */
    private final Map<Path, JarKind> kinds = new ConcurrentHashMap<>();

    /** @return the jar's kind, from the cache while its modification time and size are unchanged */
    private JarKind kind(Path jar) {
        long modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(jar).toMillis();
            size = Files.size(jar);
        } catch (IOException e) {
            return new JarKind(0, 0, false, false); // gone meanwhile
        }
        JarKind k = kinds.get(jar);
        if (k != null && k.modified() == modified && k.size() == size) {
            return k;
        }
        Manifest mf;
        try (JarFile jf = new JarFile(jar.toFile())) {
            mf = jf.getManifest();
        } catch (IOException | SecurityException e) {
            mf = null; // not a jar FileInstall can install: nothing to wait for
        }
        boolean bundle = mf != null && mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null
                && mf.getMainAttributes().getValue(Constants.FRAGMENT_HOST) == null;
        k = new JarKind(modified, size, bundle,
                bundle && mf.getMainAttributes().getValue("Service-Component") != null);
        kinds.put(jar, k);
        return k;
    }

    private String pending(Path jar, Bundle[] bundles, boolean startExpected) {
        JarKind kind = kind(jar);
        if (!kind.waitedFor()) {
            return null;
        }
        Bundle b = installedFrom(jar, bundles);
        if (b == null) {
            return "not installed yet";
        }
        switch (b.getState()) {
            case Bundle.ACTIVE:
                return kind.components() ? components(b) : null;
            case Bundle.INSTALLED:
                return UnresolvedBundleReporter.missingRequirements(context, b).isEmpty() ? "installed, not resolved yet"
                        : null; // cannot resolve: reported in the log
            case Bundle.RESOLVED:
                return startExpected && !failed.contains(b.getBundleId()) ? "resolved, not started yet" : null;
            case Bundle.STARTING:
                return "lazy".equals(b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY)) ? null : "starting";
            default:
                return "stopping";
        }
    }

    /**
     * Declarative Services enables a started bundle's components after the bundle is ACTIVE: wait
     * until the runtime has done so, so that their services (a driver) are registered.
     *
     * @return why the bundle's components are not in force yet, or null
     */
    private String components(Bundle b) {
        ServiceReference<ServiceComponentRuntime> ref;
        try {
            ref = context.getServiceReference(ServiceComponentRuntime.class);
        } catch (IllegalStateException | NoClassDefFoundError e) {
            return null;
        }
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return null; // no DS runtime: nothing will enable them
        }
        try {
            java.util.Collection<ComponentDescriptionDTO> descs = scr.getComponentDescriptionDTOs(b);
            if (descs.isEmpty()) {
                return "components not loaded yet";
            }
            for (ComponentDescriptionDTO d : descs) {
                boolean enabled = scr.isComponentEnabled(d);
                if (d.defaultEnabled && !enabled) {
                    return "component " + d.name + " not enabled yet";
                }
                if (!enabled) {
                    continue;
                }
                java.util.Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (!"require".equals(d.configurationPolicy) && configs.isEmpty()) {
                    return "component " + d.name + " not configured yet";
                }
                for (ComponentConfigurationDTO c : configs) {
                    String why = configuration(b, d, c);
                    if (why != null) {
                        return "component " + d.name + " " + why;
                    }
                }
            }
            return drivers(b);
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException e) {
                // the context is gone
            }
        }
    }

    /**
     * @return why a component configuration is not in force yet: its references have services
     *         to bind but are not bound yet, its services are not registered yet, or the DS runtime is
     *         still enabling it; null when it is (a reference with no service to bind keeps it
     *         unsatisfied for good, a missing required configuration or a failed activation too: not
     *         waited for)
     */
    private String configuration(Bundle b, ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                if (c.unsatisfiedReferences == null || c.unsatisfiedReferences.length == 0) {
                    return "is being enabled"; // no reference to wait for: it is on its way to SATISFIED
                }
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    String iface = null;
                    for (ReferenceDTO r : d.references) {
                        if (r.name.equals(u.name)) {
                            iface = r.interfaceName;
                        }
                    }
                    if (iface != null && available(iface, u.target)) {
                        return "is binding " + u.name;
                    }
                }
                return null;
            case ComponentConfigurationDTO.SATISFIED, ComponentConfigurationDTO.ACTIVE:
                return d.serviceInterfaces.length > 0 && !registered(b, c.id) ? "is registering its service" : null;
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION, ComponentConfigurationDTO.FAILED_ACTIVATION:
                return null;
            default:
                // Felix SCR reports -1 while it is still enabling the component (seen in one-shot runs:
                // the driver service was registered 5 ms later): not a state to stop waiting in
                return "is being enabled (state " + c.state + ")";
        }
    }

    private boolean available(String iface, String target) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(iface, target);
            return refs != null && refs.length > 0;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            return false;
        }
    }

    private static boolean registered(Bundle b, long componentId) {
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                if (Long.valueOf(componentId).equals(r.getProperty("component.id"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return which of the bundle's Driver services the registry has not taken in yet, or null */
    private String drivers(Bundle b) {
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs == null) {
            return null;
        }
        for (ServiceReference<?> r : refs) {
            Object classes = r.getProperty(Constants.OBJECTCLASS);
            if (classes instanceof String[] names && java.util.Arrays.asList(names).contains(Driver.class.getName())) {
                long sid = (Long) r.getProperty(Constants.SERVICE_ID);
                if (!registryKnows.test(sid)) {
                    return "driver service " + sid + " not taken in by the registry yet";
                }
            }
        }
        return null;
    }

    /** @return the bundle whose location names this file (FileInstall: {@code file:} or {@code reference:file:}) */
    private static Bundle installedFrom(Path jar, Bundle[] bundles) {
        for (Bundle b : bundles) {
            String loc = b.getLocation();
            if (loc.startsWith("reference:")) {
                loc = loc.substring("reference:".length());
            }
            if (!loc.startsWith("file:")) {
                continue;
            }
            try {
                if (Path.of(URI.create(loc)).toAbsolutePath().normalize().equals(jar)) {
                    return b;
                }
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // not a plain file URI
            }
        }
        return null;
    }

    private List<Path> jars(Path dir) {
        return files(dir, name -> name.endsWith(".jar"));
    }

    /** @return the files FileInstall reads from the folder whose name passes {@code kind} and its filter */
    private List<Path> files(Path dir, java.util.function.Predicate<String> kind) {
        boolean recurse = "recurse".equals(context.getProperty("felix.fileinstall.subdir.mode"));
        Pattern filter = null;
        String f = context.getProperty("felix.fileinstall.filter");
        if (f != null && !f.isBlank()) {
            try {
                filter = Pattern.compile(f);
            } catch (PatternSyntaxException e) {
                filter = null;
            }
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = recurse ? Files.walk(dir) : Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (kind.test(name) && (filter == null || filter.matcher(name).matches()) && Files.isRegularFile(p)) {
                    out.add(p.toAbsolutePath().normalize());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder that vanished while listed: what was listed is enough
        }
        out.sort(null);
        return out;
    }
}
