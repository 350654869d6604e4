package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.cm.ConfigurationAdminOptions.newConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import aegis.hal.api.device.Device;
import aegis.hal.run.player.PlayerComponent;

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
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Capability enforcement in the real runtime: device services are hidden from an application
 * without a grant through every channel, appear exactly as granted, and go away on revoke. The
 * test bundle itself is an application ({@code test/app}, assigned by configuration to its
 * symbolic name); a second application ({@code media/player}) is a real bundle dropped into
 * {@code deploy/media/player/} with a DS component.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class CapabilityIT extends HalTestSupport {
    private static final String APP = "aegis.test.app"; // as in DevfsIT: Pax Exam builds the probe once per JVM

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder b) {
        b.setHeader(Constants.BUNDLE_SYMBOLICNAME, APP);
        return b;
    }

    @Configuration
    public Option[] config() {
        return halOptions(newConfiguration("aegis.hal.capability").put("principals", new String[] { APP + "=test/app" })
                .asOption());
    }

    private void devices() throws Exception {
        awaitPrincipal("test/app");
        try (StateWatch w = watch("ACTIVE", 3, "sim:", "sim-generic")) {
            simGroup("a", "a", 2);
            simGroup("b", "b", 1);
            w.await();
        }
    }

    private String grant(String principal, String perms, String pattern) throws Exception {
        String out = shell("cap:grant --ttl 1h " + principal + " " + perms + " '" + pattern + "'");
        assertTrue(out, out.startsWith("granted "));
        return out.split(" ")[1];
    }

    private List<String> visibleIds() throws Exception {
        List<String> ids = new ArrayList<>();
        Collection<ServiceReference<Device>> refs = context.getServiceReferences(Device.class, null);
        for (ServiceReference<Device> r : refs) {
            ids.add((String) r.getProperty(Device.ID));
        }
        ids.sort(null);
        return ids;
    }

    @Test
    public void withoutAGrantNoChannelYieldsADevice() throws Exception {
        List<ServiceEvent> seen = new ArrayList<>();
        ServiceListener l = e -> seen.add(e);
        context.addServiceListener(l, "(objectClass=" + Device.class.getName() + ")");
        ServiceTracker<Device, Device> tracker = new ServiceTracker<>(context, Device.class, null);
        tracker.open();
        try {
            devices();
            // the registry (trusted) bound them all, so they exist
            assertEquals(3, devices("sim:").size());
            assertTrue("getServiceReferences", context.getServiceReferences(Device.class, null).isEmpty());
            assertNull("getAllServiceReferences", context.getAllServiceReferences(Device.class.getName(), null));
            assertEquals("ServiceTracker", 0, tracker.size());
            assertTrue("ServiceListener saw " + seen, seen.isEmpty());
            // the registering bundle's registered services: a reference that escaped the hooks
            Bundle sim = java.util.Arrays.stream(context.getBundles())
                    .filter(b -> "aegis.hal.sim".equals(b.getSymbolicName())).findFirst().orElseThrow();
            int devicesOfSim = 0;
            for (ServiceReference<?> r : sim.getRegisteredServices()) {
                if (r.getProperty(Device.ID) != null) {
                    devicesOfSim++;
                    assertNull("getService through getRegisteredServices", context.getService(r));
                }
            }
            assertEquals(3, devicesOfSim);
            // a reference handed over by another (trusted) bundle
            ServiceReference<?>[] handed = context.getBundle(0).getBundleContext()
                    .getAllServiceReferences(Device.class.getName(), null);
            // every device of every subsystem (sim, and the live host's ACPI, block, CPU devices)
            assertTrue(handed.length >= 3);
            for (ServiceReference<?> r : handed) {
                assertNull("getService of a handed-over reference", context.getService(r));
            }
            ServiceReference<?>[] inUse = context.getBundle().getServicesInUse();
            if (inUse != null) {
                for (ServiceReference<?> r : inUse) {
                    assertNull("getServicesInUse", r.getProperty(Device.ID));
                }
            }
        } finally {
            tracker.close();
            context.removeServiceListener(l);
        }
    }

    @Test
    public void aGrantShowsExactlyTheCoveredDevicesAndARevokeTakesThemBack() throws Exception {
        devices();
        ServiceTracker<Device, Device> tracker = new ServiceTracker<>(context, Device.class, null);
        tracker.open();
        try {
            String t = grant("test/app", "read", "/dev/sim/a*");
            await("the tracker sees the granted devices", () -> tracker.size() == 2);
            assertEquals(List.of("sim:a0", "sim:a1"), visibleIds());
            Device a0 = tracker.getService(tracker.getServiceReferences()[0]);
            assertTrue(a0.id().startsWith("sim:a"));
            assertTrue(shell("cap:revoke " + t).startsWith("revoked"));
            await("the tracker loses them", () -> tracker.size() == 0);
            assertTrue(visibleIds().isEmpty());
        } finally {
            tracker.close();
        }
    }

    @Test
    public void anIdentityGivenByConfigurationReachesTrackersAlreadyOpen() throws Exception {
        devices();
        grant("media/tuner", "read", "/dev/sim/b*"); // nobody is media/tuner yet
        ServiceTracker<Device, Device> tracker = new ServiceTracker<>(context, Device.class, null);
        tracker.open();
        try {
            assertEquals(0, tracker.size());
            // the administrator makes this bundle media/tuner: no grant changes, the open tracker
            // must still learn of the device the principal holds
            org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("aegis.hal.capability", "?");
            java.util.Dictionary<String, Object> p = c.getProperties();
            p.put("principals", new String[] { APP + "=media/tuner" });
            c.update(p);
            awaitPrincipal("media/tuner");
            await("the tracker sees the principal's device", () -> tracker.size() == 1);
            assertEquals(List.of("sim:b0"), visibleIds());
            // and back to test/app, which holds nothing: the device is taken back
            p.put("principals", new String[] { APP + "=test/app" });
            c.update(p);
            await("the tracker loses it", () -> tracker.size() == 0);
            assertTrue(visibleIds().isEmpty());
        } finally {
            tracker.close();
        }
    }

    @Test
    public void aDeclarativeServicesComponentOfAnAppIsBoundAsGrantedAndUnboundOnRevoke() throws Exception {
        devices();
        Path dir = deployDir().resolve("media").resolve("player");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(deployDir().getParent(), "player", ".tmp");
        Files.write(tmp, playerJar());
        Files.move(tmp, dir.resolve("player.jar"), StandardCopyOption.ATOMIC_MOVE);
        ServiceTracker<Supplier<?>, Supplier<?>> players = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=java.util.function.Supplier)(aegis.test=player))"), null);
        players.open();
        try {
            @SuppressWarnings("unchecked")
            Supplier<List<String>> player = (Supplier<List<String>>) players.waitForService(WAIT.toMillis());
            assertTrue("the player component never started", player != null);
            assertTrue("an app without a grant got " + player.get(), player.get().isEmpty());
            assertTrue(shell("cap:whoami " + bundleId("com.example.player")).contains("media/player"));
            String t = grant("media/player", "read,playback", "/dev/sim/b*");
            await("DS binds the granted device", () -> player.get().equals(List.of("sim:b0")));
            assertTrue(shell("cap:revoke " + t).startsWith("revoked"));
            await("DS unbinds it after the revoke", () -> player.get().isEmpty());
        } finally {
            players.close();
        }
    }

    private long bundleId(String bsn) {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow().getBundleId();
    }

    /** A real application bundle: the PlayerComponent class and a component description, no HAL code. */
    private static byte[] playerJar() throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"player\" immediate=\"true\">\n"
                + "  <implementation class=\"" + PlayerComponent.class.getName() + "\"/>\n"
                + "  <property name=\"aegis.test\" value=\"player\"/>\n"
                + "  <service><provide interface=\"java.util.function.Supplier\"/></service>\n"
                + "  <reference name=\"device\" interface=\"" + Device.class.getName() + "\" cardinality=\"0..n\""
                + " policy=\"dynamic\" bind=\"bindDevice\" unbind=\"unbindDevice\"/>\n"
                + "</scr:component>\n";
        String cls = PlayerComponent.class.getName().replace('.', '/') + ".class";
        byte[] code;
        try (InputStream in = PlayerComponent.class.getClassLoader().getResourceAsStream(cls)) {
            code = in.readAllBytes();
        }
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("OSGI-INF/player.xml", xml.getBytes(StandardCharsets.UTF_8));
        entries.put(cls, code);
        return bundleJar("com.example.player", entries,
                "Import-Package", "aegis.hal.api.device;version=\"[1.0,2)\"",
                "Service-Component", "OSGI-INF/player.xml");
    }
}
