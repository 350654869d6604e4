package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeChanged;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysEntry;
import aegis.hal.sysfs.SysFs;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SysfsIT extends HalTestSupport {
    private static final String PROBE = "aegis.test.app"; // the one probe name of every test class (Pax Exam builds the probe once per JVM); trusted here by configuration
    private static final String FREQ = "/sys/hal/it/cpu0/frequency_mhz";
    private static final String LABEL = "/sys/hal/it/label";

    /** The probe's SysFs: trusted. */
    @Inject
    private SysFs sysfs;

    private final BlockingQueue<Event> changes = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> watcher;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder b) {
        b.setHeader(Constants.BUNDLE_SYMBOLICNAME, PROBE);
        return b;
    }

    @Configuration
    public Option[] config() {
        // this class's probe provides attributes, so it must be trusted (sysfs ignores an application's attributes)
        return halOptions(org.ops4j.pax.exam.cm.ConfigurationAdminOptions.newConfiguration("aegis.hal.capability")
                .put("trusted.names", new String[] { PROBE }).asOption());
    }

    /** An attribute keeping its value in memory, counting what reaches it. */
    static final class Kept implements Attribute {
        final AttributeSpec spec;
        final AtomicReference<Object> value;
        final AtomicInteger writes = new AtomicInteger();

        Kept(AttributeSpec spec, Object initial) {
            this.spec = spec;
            this.value = new AtomicReference<>(initial);
        }

        @Override
        public AttributeSpec spec() {
            return spec;
        }

        @Override
        public Object read() {
            return value.get();
        }

        @Override
        public void write(Object v) {
            writes.incrementAndGet();
            value.set(v);
        }
    }

    private void watchChanges() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, AttributeChanged.TOPIC);
        watcher = context.registerService(EventHandler.class, changes::add, p);
    }

    @After
    public void stopWatching() {
        if (watcher != null) {
            watcher.unregister();
        }
    }

    /** Waits for a CHANGED event matching path (and cause, if not null); fails with what was seen. */
    private Event awaitChange(String path, String cause) throws InterruptedException {
        return awaitChanges(java.util.Set.of(path), cause);
    }

    /**
     * Waits until CHANGED events for every path (with the cause, if not null) arrived, in any order;
     * fails with what was seen.
     *
     * @return the last matching event
     */
    private Event awaitChanges(java.util.Set<String> paths, String cause) throws InterruptedException {
        java.util.Set<String> missing = new java.util.HashSet<>(paths);
        long end = System.nanoTime() + WAIT.toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            long left = end - System.nanoTime();
            Event e = left <= 0 ? null : changes.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + AttributeChanged.TOPIC + " for " + missing + " (" + cause + "); saw:" + seen);
            }
            seen.append("\n  ").append(e.getProperty(AttributeChanged.PATH)).append(' ').append(e.getProperty(AttributeChanged.CAUSE));
            if ((cause == null || cause.equals(e.getProperty(AttributeChanged.CAUSE)))
                    && missing.remove(e.getProperty(AttributeChanged.PATH)) && missing.isEmpty()) {
                return e;
            }
        }
    }

    /** Registers an attribute and waits until sysfs serves it (a read answers). */
    private Kept provide(AttributeSpec spec, Object initial) throws Exception {
        Kept k = new Kept(spec, initial);
        context.registerService(Attribute.class, k, null);
        // DS binds the dynamic reference synchronously on registration; still, wait explicitly
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                sysfs.read(spec.path());
                return k;
            } catch (HalException notYet) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("sysfs does not serve " + spec.path() + ": " + notYet);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** A manifest-only application bundle with principal media/player (from its location). */
    private Bundle installApp() throws Exception {
        byte[] jar = bundleJar("com.example.player", java.util.Map.of()); // manifest only
        String location = deployDir().resolve("media").resolve("player").resolve("player.jar").toUri().toString();
        Bundle b = context.installBundle(location, new ByteArrayInputStream(jar));
        b.start();
        assertTrue(shell("cap:whoami " + b.getBundleId()).contains("media/player"));
        return b;
    }

    private static SysFs sysfsOf(Bundle b) {
        ServiceReference<SysFs> ref = b.getBundleContext().getServiceReference(SysFs.class);
        return b.getBundleContext().getService(ref); // the ServiceFactory binds it to b
    }

    // ------------------------------------------------------------------ 1

    @Test
    public void anInvalidWriteIsRejectedAndTheOldValueStays() throws Exception {
        Kept freq = provide(AttributeSpec.builder(FREQ, AttributeType.INTEGER).unit("MHz").writable().range(800, 4200)
                .build(), 2400L);
        watchChanges();
        try {
            sysfs.write(FREQ, "9000");
            fail("an out-of-range write was accepted");
        } catch (HalException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(FREQ) && e.getMessage().contains("'9000'")
                    && e.getMessage().contains("above the maximum 4200"));
        }
        try {
            sysfs.write(FREQ, "fast");
            fail("a malformed write was accepted");
        } catch (HalException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        assertEquals(0, freq.writes.get());
        assertEquals(2400L, sysfs.read(FREQ));
        assertEquals("2400", shell("sys:cat " + FREQ).trim());
        assertTrue(shell("sys:write " + FREQ + " 100").startsWith("error: INVALID_ARGUMENT: " + FREQ));
        assertEquals(2400L, freq.value.get());

        sysfs.write(FREQ, "3000");
        assertEquals(3000L, sysfs.read(FREQ));
        Event e = awaitChange(FREQ, AttributeChanged.CAUSE_WRITE);
        assertEquals(3000L, e.getProperty(AttributeChanged.VALUE)); // no device path: the value travels
        assertTrue(shell("sys:tree --json /sys/hal/it").contains("\"frequency_mhz\":3000"));
    }

    // ------------------------------------------------------------------ 2

    @Test
    public void theDevicesDirectoryFollowsTheRegistryLive() throws Exception {
        watchChanges();
        org.osgi.service.cm.Configuration group;
        try (StateWatch w = watch("ACTIVE", 2, "sim:sf", "sim-generic")) {
            group = simGroup("sf", "sf", 2);
            w.await();
        }
        awaitChanges(java.util.Set.of("/sys/hal/devices/sim:sf0/state", "/sys/hal/devices/sim:sf1/state"),
                AttributeChanged.CAUSE_DEVICE);
        List<String> names = sysfs.list("/sys/hal/devices").stream().map(SysEntry::name).toList();
        assertTrue(names.toString(), names.contains("sim:sf0") && names.contains("sim:sf1"));
        assertEquals("ACTIVE", sysfs.read("/sys/hal/devices/sim:sf0/state"));
        assertEquals("sim-generic", sysfs.read("/sys/hal/devices/sim:sf0/driver"));
        assertEquals("/dev/sim/sf0", sysfs.read("/sys/hal/devices/sim:sf0/devfs"));
        assertTrue(sysfs.find("devices/sim:sf*/state").size() == 2);

        changes.clear();
        assertTrue(registry.suspend("sim:sf0").ok());
        awaitChange("/sys/hal/devices/sim:sf0/state", AttributeChanged.CAUSE_DEVICE);
        assertEquals("SUSPENDED", sysfs.read("/sys/hal/devices/sim:sf0/state"));
        assertEquals("SUSPENDED", ((Map<?, ?>) sysfs.tree("/sys/hal/devices").get("sim:sf0")).get("state"));

        changes.clear();
        group.delete();
        awaitChanges(java.util.Set.of("/sys/hal/devices/sim:sf0", "/sys/hal/devices/sim:sf1"), AttributeChanged.CAUSE_REMOVED);
        assertFalse(sysfs.list("/sys/hal/devices").stream().anyMatch(x -> x.name().startsWith("sim:sf")));
        try {
            sysfs.read("/sys/hal/devices/sim:sf0/state");
            fail("a removed device still has attributes");
        } catch (HalException e) {
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
    }

    // ------------------------------------------------------------------ 3

    @Test
    public void aBundleWithoutAGrantCannotWriteADeviceAttribute() throws Exception {
        try (StateWatch w = watch("ACTIVE", 1, "sim:gx", "sim-generic")) {
            simGroup("gx", "gx", 1);
            w.await();
        }
        String path = "/sys/hal/devices/sim:gx0/it_power_limit";
        Kept limit = provide(AttributeSpec.builder(path, AttributeType.INTEGER).unit("W").writable().range(1, 500)
                .device("/dev/sim/gx0").build(), 100L);
        SysFs app = sysfsOf(installApp());

        for (String op : new String[] { "read", "write" }) {
            try {
                if (op.equals("read")) {
                    app.read(path);
                } else {
                    app.write(path, "200");
                }
                fail(op + " without a grant succeeded");
            } catch (HalException e) {
                assertEquals(op, ErrorCode.PERMISSION_DENIED, e.code());
            }
        }
        assertEquals(0, limit.writes.get());
        assertFalse("listing hides the device", app.list("/sys/hal/devices").stream().anyMatch(x -> x.name().equals("sim:gx0")));

        String token = shell("cap:grant --ttl 1h media/player read '/dev/sim/gx*'").split(" ")[1];
        assertEquals(100L, app.read(path));
        assertEquals("ACTIVE", app.read("/sys/hal/devices/sim:gx0/state"));
        try {
            app.write(path, "200");
            fail("a write with READ only succeeded");
        } catch (HalException e) {
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("WRITE"));
        }
        assertEquals(100L, limit.value.get());

        shell("cap:grant --ttl 1h media/player write /dev/sim/gx0");
        app.write(path, "200");
        assertEquals(200L, limit.value.get());
        try {
            app.write(path, "501");
            fail("out of range");
        } catch (HalException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        assertEquals(200L, limit.value.get());

        assertTrue(shell("cap:revoke " + token).startsWith("revoked"));
        try {
            app.read(path);
            fail("read after revoke");
        } catch (HalException e) {
            assertEquals("a revoke is a distinct denial", ErrorCode.REVOKED, e.code());
        }
        // the administrator's console (the sysfs bundle's own, trusted identity)
        assertEquals(path + " = 300", shell("sys:write " + path + " 300").trim());
        assertEquals(300L, limit.value.get());
    }
}
