package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** What {@code hal:await} waits for in the deploy folder, against a scripted framework. */
class DeployProgressTest {
    @TempDir
    Path tmp;

    final List<Bundle> bundles = new CopyOnWriteArrayList<>();
    final List<BundleListener> listeners = new CopyOnWriteArrayList<>();
    final Map<String, String> props = new java.util.HashMap<>();
    /** The framework's active start level. */
    final int[] frameworkLevel = {20};
    final Bundle systemBundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
            (p, m, a) -> switch (m.getName()) {
                case "adapt" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.osgi.framework.startlevel.FrameworkStartLevel.class}, (q, n, b) -> {
                            if (n.getName().equals("getStartLevel")) {
                                return frameworkLevel[0];
                            }
                            throw new UnsupportedOperationException(n.getName());
                        });
                default -> throw new UnsupportedOperationException(m.getName());
            });
    /** Bundles by location that are persistently started, with their start level. */
    final Map<String, Integer> persistentlyStarted = new java.util.HashMap<>();
    /** The DS runtime the context offers; null for none. */
    ServiceComponentRuntime scr;
    final ServiceReference<?> scrRef = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServiceReference.class}, (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
            });

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) a[0]);
                    case "getBundle" -> systemBundle;
                    case "getBundles" -> bundles.toArray(new Bundle[0]);
                    case "addBundleListener" -> listeners.add((BundleListener) a[0]);
                    case "removeBundleListener" -> listeners.remove(a[0]);
                    case "addServiceListener", "removeServiceListener" -> null;
                    case "getServiceReference" -> scr == null ? null : scrRef;
                    case "getService" -> scr;
                    case "ungetService" -> true;
                    case "getAllServiceReferences" -> null; // no service a reference could bind
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A bundle whose state the test sets; its revision is unknown (no requirements to diagnose). */
    Bundle bundle(String location, int[] state, Map<String, String> headers) {
        return (Bundle) Proxy.newProxyInstance(DeployProgressTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getLocation" -> location;
                    case "getBundleId" -> (long) location.hashCode();
                    case "getState" -> state[0];
                    case "getHeaders" -> new Hashtable<>(headers);
                    case "adapt" -> !persistentlyStarted.containsKey(location) ? null
                            : Proxy.newProxyInstance(DeployProgressTest.class.getClassLoader(),
                                    new Class<?>[] {org.osgi.framework.startlevel.BundleStartLevel.class}, (q, n, b) ->
                                            switch (n.getName()) {
                                                case "isPersistentlyStarted" -> true;
                                                case "getStartLevel" -> persistentlyStarted.get(location);
                                                default -> throw new UnsupportedOperationException(n.getName());
                                            });
                    case "getRegisteredServices" -> null;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static void jar(Path p, String... headers) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < headers.length; i += 2) {
            mf.getMainAttributes().putValue(headers[i], headers[i + 1]);
        }
        Files.createDirectories(p.getParent());
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
    }

    void fire(Bundle b) {
        for (BundleListener l : listeners) {
            l.bundleChanged(new BundleEvent(BundleEvent.STARTED, b));
        }
    }

    @Test
    void waitsForEachBundleJarUntilItIsStartedAndIgnoresTheRest() throws Exception {
        Path deploy = tmp.resolve("deploy");
        props.put("felix.fileinstall.dir", deploy.toString());
        props.put("felix.fileinstall.subdir.mode", "recurse");
        jar(deploy.resolve("nvme.jar"), "Bundle-SymbolicName", "aegis.hal.block.nvme");
        jar(deploy.resolve("media/player/app.jar"), "Bundle-SymbolicName", "com.example.player");
        jar(deploy.resolve("plain.jar")); // no Bundle-SymbolicName: FileInstall does not install it
        jar(deploy.resolve("frag.jar"), "Bundle-SymbolicName", "f", "Fragment-Host", "aegis.hal.block.nvme");
        Files.writeString(deploy.resolve("notes.txt"), "not a jar");
        Files.writeString(deploy.resolve("broken.jar"), "not a zip");
        DeployProgress progress = new DeployProgress(context(), sid -> true);
        String d = deploy.toString();
        assertEquals(List.of(d + "/media/player/app.jar: not installed yet", d + "/nvme.jar: not installed yet"),
                progress.pending());

        int[] nvme = {Bundle.INSTALLED};
        bundles.add(bundle(deploy.resolve("nvme.jar").toUri().toString(), nvme, Map.of()));
        int[] app = {Bundle.RESOLVED};
        bundles.add(bundle("reference:" + deploy.resolve("media/player/app.jar").toUri(), app, Map.of()));
        assertEquals(List.of(d + "/media/player/app.jar: resolved, not started yet",
                d + "/nvme.jar: installed, not resolved yet"), progress.pending());

        nvme[0] = Bundle.ACTIVE;
        app[0] = Bundle.STARTING;
        assertEquals(List.of(d + "/media/player/app.jar: starting"), progress.pending());
        app[0] = Bundle.ACTIVE;
        assertTrue(progress.pending().isEmpty());

        // without recursion FileInstall never installs media/player/app.jar: not waited for
        props.remove("felix.fileinstall.subdir.mode");
        app[0] = Bundle.INSTALLED;
        assertTrue(progress.pending().isEmpty());
    }

    @Test
    void awaitWakesOnBundleEventsAndReportsWhatIsLeftAtTheDeadline() throws Exception {
        Path deploy = tmp.resolve("deploy");
        props.put("felix.fileinstall.dir", deploy.toString());
        jar(deploy.resolve("a.jar"), "Bundle-SymbolicName", "a");
        DeployProgress progress = new DeployProgress(context(), sid -> true);
        assertEquals(List.of(deploy + "/a.jar: not installed yet"), progress.await(Duration.ofMillis(50)));
        assertTrue(listeners.isEmpty(), "the listener is removed");

        int[] a = {Bundle.INSTALLED};
        Bundle b = bundle(deploy.resolve("a.jar").toUri().toString(), a, Map.of());
        List<List<String>> result = new ArrayList<>();
        Thread waiter = new Thread(() -> {
            try {
                result.add(progress.await(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        // installed and started while it waits: each change comes with a bundle event
        while (listeners.isEmpty()) {
            Thread.onSpinWait();
        }
        bundles.add(b);
        fire(b);
        a[0] = Bundle.ACTIVE;
        fire(b);
        waiter.join(30_000);
        assertEquals(List.of(List.of()), result);
    }

    /** @return the deploy folder FileInstall watches, with a bundle jar {@code <name>.jar} per name */
    Path deployWith(String... symbolicNames) throws IOException {
        Path deploy = tmp.resolve("deploy");
        props.put("felix.fileinstall.dir", deploy.toString());
        for (String n : symbolicNames) {
            jar(deploy.resolve(n + ".jar"), "Bundle-SymbolicName", n);
        }
        return deploy;
    }

    void fire(int type, Bundle b) {
        for (BundleListener l : listeners) {
            l.bundleChanged(new BundleEvent(type, b));
        }
    }

    @Test
    void aBundleWhoseStartFailedIsNotWaitedForAndIsNamed() throws Exception {
        Path deploy = deployWith("bad", "good");
        DeployProgress progress = new DeployProgress(context(), sid -> true);
        progress.open();
        int[] bad = {Bundle.RESOLVED};
        Bundle b = bundle(deploy.resolve("bad.jar").toUri().toString(), bad, Map.of());
        int[] good = {Bundle.RESOLVED};
        Bundle g = bundle(deploy.resolve("good.jar").toUri().toString(), good, Map.of());
        bundles.add(b);
        bundles.add(g);
        String d = deploy.toString();
        assertEquals(List.of(d + "/bad.jar: resolved, not started yet", d + "/good.jar: resolved, not started yet"),
                progress.pending());

        // its activator throws: STARTING, STOPPING, STOPPED, back to RESOLVED
        fire(BundleEvent.STARTING, b);
        fire(BundleEvent.STOPPING, b);
        fire(BundleEvent.STOPPED, b);
        // a bundle stopped after it had started did not fail to start
        fire(BundleEvent.STARTING, g);
        fire(BundleEvent.STARTED, g);
        fire(BundleEvent.STOPPING, g);
        fire(BundleEvent.STOPPED, g);
        assertEquals(List.of(d + "/good.jar: resolved, not started yet"), progress.pending());
        assertEquals(List.of(d + "/bad.jar: failed to start"), progress.failedStarts());

        // FileInstall tries again (or the jar is updated): waited for again until it fails or starts
        fire(BundleEvent.STARTING, b);
        assertEquals(List.of(d + "/bad.jar: resolved, not started yet", d + "/good.jar: resolved, not started yet"),
                progress.pending());
        assertTrue(progress.failedStarts().isEmpty());
        bad[0] = Bundle.ACTIVE;
        fire(BundleEvent.STARTED, b);
        assertTrue(progress.failedStarts().isEmpty());

        progress.close();
        assertTrue(listeners.isEmpty(), "the start watch is removed");
    }

    /**
     * A start that failed before the watch began (FileInstall's first scan at boot): RESOLVED although
     * persistently started at a reached start level. One above the framework's level is still to come.
     */
    @Test
    void aStartThatFailedBeforeTheWatchBeganIsRecognised() throws Exception {
        Path deploy = deployWith("bad", "later");
        String bad = deploy.resolve("bad.jar").toUri().toString();
        String later = deploy.resolve("later.jar").toUri().toString();
        persistentlyStarted.put(bad, 1);
        persistentlyStarted.put(later, 30);
        bundles.add(bundle(bad, new int[] {Bundle.RESOLVED}, Map.of()));
        bundles.add(bundle(later, new int[] {Bundle.RESOLVED}, Map.of()));
        DeployProgress progress = new DeployProgress(context(), sid -> true);
        progress.open();
        String d = deploy.toString();
        assertEquals(List.of(d + "/later.jar: resolved, not started yet"), progress.pending());
        assertEquals(List.of(d + "/bad.jar: failed to start"), progress.failedStarts());
        progress.close();
    }

    /**
     * Felix SCR reports a state outside the specification (-1) while it enables a component, with its
     * references listed as unsatisfied: that is no reason to stop waiting (a one-shot run printed the
     * devices before the NVMe driver had its namespaces, about 1 run in 50).
     */
    @Test
    void aComponentStillBeingEnabledIsWaitedFor() throws Exception {
        Path deploy = tmp.resolve("deploy");
        props.put("felix.fileinstall.dir", deploy.toString());
        jar(deploy.resolve("nvme.jar"), "Bundle-SymbolicName", "nvme", "Service-Component", "OSGI-INF/c.xml");
        ComponentDescriptionDTO desc = new ComponentDescriptionDTO();
        desc.name = "nvme";
        desc.defaultEnabled = true;
        desc.configurationPolicy = "optional";
        desc.serviceInterfaces = new String[] {"aegis.hal.api.driver.Driver"};
        ReferenceDTO host = new ReferenceDTO();
        host.name = "host";
        host.interfaceName = "aegis.hal.api.host.HostRoot";
        desc.references = new ReferenceDTO[] {host};
        ComponentConfigurationDTO config = new ComponentConfigurationDTO();
        config.id = 7;
        UnsatisfiedReferenceDTO unbound = new UnsatisfiedReferenceDTO();
        unbound.name = "host";
        config.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unbound};
        scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (p, m, a) -> switch (m.getName()) {
                    case "getComponentDescriptionDTOs" -> List.of(desc);
                    case "isComponentEnabled" -> true;
                    case "getComponentConfigurationDTOs" -> List.of(config);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        int[] state = {Bundle.ACTIVE};
        bundles.add(bundle(deploy.resolve("nvme.jar").toUri().toString(), state, Map.of()));
        DeployProgress progress = new DeployProgress(context(), sid -> true);
        String d = deploy.toString();

        config.state = -1; // Felix: enabling
        assertEquals(List.of(d + "/nvme.jar: component nvme is being enabled (state -1)"), progress.pending());
        config.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        config.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        assertEquals(List.of(d + "/nvme.jar: component nvme is being enabled"), progress.pending());
        // a reference no installed bundle can satisfy: unsatisfied for good, not waited for
        config.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unbound};
        assertTrue(progress.pending().isEmpty());
        config.state = ComponentConfigurationDTO.SATISFIED;
        assertEquals(List.of(d + "/nvme.jar: component nvme is registering its service"), progress.pending());
        config.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        assertTrue(progress.pending().isEmpty(), "a failed activation is not waited for");
    }

    @Test
    void noDeployFolderNothingToWaitFor() {
        assertTrue(new DeployProgress(context(), sid -> true).pending().isEmpty());
        props.put("felix.fileinstall.dir", tmp.resolve("missing").toString());
        assertTrue(new DeployProgress(context(), sid -> true).pending().isEmpty());
    }
}
