package aegis.hal.run;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import aegis.hal.api.event.HalEvents;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DeviceRegistry;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * What every integration test shares: the runtime's bundles (the real jars of this build, from
 * target/bundles), a private deploy folder watched by FileInstall, and waiting on registry events
 * rather than on time.
 */
public abstract class HalTestSupport {
    /** How long any wait may take before the test fails. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    protected BundleContext context;
    @Inject
    protected DeviceRegistry registry;
    @Inject
    protected ConfigurationAdmin configAdmin;

    /**
     * Runs a shell command line through Gogo's command processor, as an administrator at the
     * console would.
     *
     * @param line the command line
     * @return what it printed plus its value
     * @throws Exception if the command processor is missing or the command throws
     */
    protected String shell(String line) throws Exception {
        org.osgi.util.tracker.ServiceTracker<org.apache.felix.service.command.CommandProcessor,
                org.apache.felix.service.command.CommandProcessor> t = new org.osgi.util.tracker.ServiceTracker<>(
                        context, org.apache.felix.service.command.CommandProcessor.class, null);
        t.open();
        try {
            org.apache.felix.service.command.CommandProcessor cp = t.waitForService(WAIT.toMillis());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = new java.io.PrintStream(out, true, "UTF-8");
            org.apache.felix.service.command.CommandSession s = cp.createSession(
                    new java.io.ByteArrayInputStream(new byte[0]), ps, ps);
            try {
                Object result = s.execute(line);
                return out.toString("UTF-8") + (result == null ? "" : result.toString());
            } finally {
                s.close();
            }
        } finally {
            t.close();
        }
    }

    /**
     * Waits until a condition holds, checking every millisecond; fails the test after {@link #WAIT}.
     * For states that publish no event (configuration in force, identities).
     */
    protected static void await(String what, java.util.function.BooleanSupplier condition) {
        await(() -> what, condition);
    }

    /**
     * @param what      what is awaited, computed when the wait fails
     * @param condition the condition
     */
    protected static void await(java.util.function.Supplier<String> what, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * The principal of the test bundle is assigned by configuration: wait until it is in force.
     *
     * @param principal the expected container/app
     */
    protected void awaitPrincipal(String principal) {
        String[] last = { "" };
        await(() -> "this bundle has principal " + principal + " (cap:whoami said: " + last[0] + ")", () -> {
            try {
                last[0] = shell("cap:whoami " + context.getBundle().getBundleId());
                return last[0].contains(principal);
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
        });
    }

    /** @return the deploy folder of this test run */
    protected static Path deployDir() {
        return Path.of(System.getProperty("aegis.test.deploy", "target/deploy"));
    }

    /**
     * @param extra more options
     * @return the runtime's bundles plus the test support
     */
    protected static Option[] halOptions(Option... extra) {
        File dir = new File(System.getProperty("aegis.bundles", "target/bundles"));
        List<Option> opts = new ArrayList<>();
        opts.add(junitBundles());
        // a loaded 2-core machine can take longer than Pax Exam's default 10 s to start a framework
        opts.add(systemTimeout(60_000));
        opts.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        opts.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        Path deploy;
        try {
            deploy = Files.createTempDirectory("aegis-deploy");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.setProperty("aegis.test.deploy", deploy.toString());
        opts.add(systemProperty("aegis.test.deploy").value(deploy.toString()));
        opts.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        opts.add(frameworkProperty("felix.fileinstall.poll").value("50"));
        // deploy/<container>/<app>/x.jar gives an application its principal
        opts.add(frameworkProperty("felix.fileinstall.subdir.mode").value("recurse"));
        opts.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        opts.add(frameworkProperty("felix.fileinstall.log.level").value("1"));
        String[] jars = dir.list((d, n) -> n.endsWith(".jar"));
        if (jars == null) {
            throw new IllegalStateException("no bundles in " + dir + ": run 'mvn verify' in run/");
        }
        Arrays.sort(jars);
        Set<String> notAtStart = Set.of("hal.sim.turbo.jar", "hal.block.nvme.jar", "org.apache.felix.gogo.shell.jar");
        for (String j : jars) {
            if (!notAtStart.contains(j)) {
                opts.add(bundle(new File(dir, j).toURI().toString()));
            }
        }
        opts.addAll(Arrays.asList(extra));
        return options(opts.toArray(new Option[0]));
    }

    /** @return the turbo driver bundle jar of this build */
    protected static Path turboJar() {
        return Path.of(System.getProperty("aegis.bundles", "target/bundles"), "hal.sim.turbo.jar");
    }

    /**
     * Creates a group of simulated devices.
     *
     * @param name   the configuration name
     * @param prefix device name prefix
     * @param count  how many
     * @param props  key=value device properties
     * @return the configuration (delete it to remove the devices)
     * @throws IOException if ConfigAdmin fails
     */
    protected Configuration simGroup(String name, String prefix, int count, String... props) throws IOException {
        return simGroupWithParent(name, prefix, count, "", props);
    }

    protected Configuration simGroupWithParent(String name, String prefix, int count, String parent, String... props)
            throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration("aegis.hal.sim", name, "?");
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("count", count);
        d.put("prefix", prefix);
        d.put("parent", parent);
        d.put("properties", props);
        c.update(d);
        return c;
    }

    /** Counts distinct devices that reach a state, from events. Register before acting. */
    protected final class StateWatch implements AutoCloseable {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch latch;
        private final ServiceRegistration<EventHandler> reg;
        private final Predicate<Event> filter;

        StateWatch(String state, int count, Predicate<Event> filter) {
            this.latch = new CountDownLatch(count);
            this.filter = filter;
            Dictionary<String, Object> p = new Hashtable<>();
            p.put(EventConstants.EVENT_TOPIC, HalEvents.deviceTopic(state));
            reg = context.registerService(EventHandler.class, this::handle, p);
        }

        private void handle(Event e) {
            if (filter.test(e) && seen.add((String) e.getProperty(HalEvents.DEVICE_ID))) {
                latch.countDown();
            }
        }

        /** Waits for the count; fails the test with what was seen if it does not come. */
        public void await() throws InterruptedException {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("expected more devices to arrive; saw " + seen.size() + ": " + seen
                        + "\nregistry: " + registry.devices());
            }
        }

        /** @return how many more devices the watch still waits for */
        public long remaining() {
            return latch.getCount();
        }

        @Override
        public void close() {
            reg.unregister();
        }
    }

    /**
     * @param state  the state
     * @param count  distinct devices to wait for
     * @param prefix device id prefix (e.g. {@code sim:good})
     * @param driver driver name, or null for any
     * @return a watch registered now
     */
    protected StateWatch watch(String state, int count, String prefix, String driver) {
        return new StateWatch(state, count, e -> ((String) e.getProperty(HalEvents.DEVICE_ID)).startsWith(prefix)
                && (driver == null || driver.equals(e.getProperty(HalEvents.DRIVER))));
    }

    /**
     * @param prefix device id prefix
     * @return those devices, from the registry
     */
    protected List<DeviceInfo> devices(String prefix) {
        return registry.devices().stream().filter(d -> d.id().startsWith(prefix)).toList();
    }

    /**
     * A bundle jar built in memory: {@code Bundle-ManifestVersion: 2}, the symbolic name, version 1.0.0,
     * then the given header name/value pairs, and the given entries in order.
     *
     * @param symbolicName the Bundle-SymbolicName
     * @param entries      entry name to content; may be empty (a manifest-only bundle)
     * @param headers      further main headers, name then value
     * @return the jar's bytes
     * @throws IOException never for the in-memory stream, declared by the jar API
     */
    protected static byte[] bundleJar(String symbolicName, java.util.Map<String, byte[]> entries, String... headers)
            throws IOException {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        java.util.jar.Attributes a = m.getMainAttributes();
        a.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            a.putValue(headers[i], headers[i + 1]);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, m)) {
            for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
        return bytes.toByteArray();
    }
}
