package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DriverInfo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/** Hot deploy through the real deploy folder watched by FileInstall: drop, update, delete. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DeployIT extends HalTestSupport {

    @Configuration
    public Option[] config() {
        return halOptions();
    }

    @Test
    public void dropUpdateAndDeleteADriverBundle() throws Exception {
        try (StateWatch w = watch("ACTIVE", 3, "sim:hd", "sim-generic")) {
            simGroup("hd", "hd", 3);
            w.await();
        }
        Path target = deployDir().resolve("hal.sim.turbo.jar");

        // drop: the better driver takes the idle devices
        try (StateWatch w = watch("ACTIVE", 3, "sim:hd", "sim-turbo")) {
            copyAtomically(Files.readAllBytes(turboJar()), target);
            w.await();
        }
        for (DeviceInfo d : devices("sim:hd")) {
            assertEquals("sim-turbo", d.driver());
        }

        // update: the same symbolic name with a new version takes over as one swap;
        // the generic driver never gets the devices in between
        try (StateWatch swapped = watch("ACTIVE", 3, "sim:hd", "sim-turbo");
                StateWatch generic = watch("ACTIVE", 1, "sim:hd", "sim-generic")) {
            copyAtomically(withVersion(Files.readAllBytes(turboJar()), "0.1.1.updated"), target);
            swapped.await();
            assertTrue(registry.awaitSettled(WAIT));
            assertEquals("devices went to the generic driver during the update", 1, generic.remaining());
        }
        DriverInfo turbo = registry.drivers().stream().filter(d -> d.name().equals("sim-turbo")).findFirst()
                .orElseThrow();
        assertEquals("0.1.1.updated", turbo.bundleVersion());
        assertTrue(registry.device("sim:hd0").orElseThrow().reason(),
                registry.device("sim:hd0").orElseThrow().reason().contains("handed over"));

        // delete: the devices go back to the next best driver
        try (StateWatch w = watch("ACTIVE", 3, "sim:hd", "sim-generic")) {
            Files.delete(target);
            w.await();
        }
    }

    @Test
    public void halAwaitReturnsOnlyWhenADroppedDriverHasTakenItsDevices() throws Exception {
        // what a one-shot `bin/aegis-hal -c` relies on: no event is watched here, only hal:await
        try (StateWatch w = watch("ACTIVE", 2, "sim:aw", "sim-generic")) {
            simGroup("aw", "aw", 2);
            w.await();
        }
        Path target = deployDir().resolve("hal.sim.turbo.jar");
        copyAtomically(Files.readAllBytes(turboJar()), target);
        try {
            String awaited = shell("hal:await -t 30").strip();
            assertEquals(awaited + "\n" + shell("hal:devices") + shell("hal:drivers") + shell("hal:events -n 40"),
                    "settled", awaited);
            for (DeviceInfo d : devices("sim:aw")) {
                assertEquals(d.id() + ": " + d.reason(), "sim-turbo", d.driver());
            }
        } finally {
            Files.delete(target); // the deploy folder outlives this framework
            assertTrue(registry.awaitSettled(WAIT));
        }
    }

    @Test
    public void aJarThatDoesNotResolveIsReportedAndTheRuntimeCarriesOn() throws Exception {
        CountDownLatch installed = new CountDownLatch(1);
        BundleListener bl = e -> {
            if (e.getType() == BundleEvent.INSTALLED && "aegis.test.broken".equals(e.getBundle().getSymbolicName())) {
                installed.countDown();
            }
        };
        CountDownLatch reported = new CountDownLatch(1);
        ServiceTracker<LogReaderService, LogReaderService> logs = new ServiceTracker<>(context, LogReaderService.class, null);
        logs.open();
        LogReaderService reader = logs.waitForService(WAIT.toMillis());
        LogListener ll = (LogEntry e) -> {
            String all = e.getMessage() + " " + e.getException();
            if (all.contains("does.not.exist")) {
                reported.countDown();
            }
        };
        reader.addLogListener(ll);
        context.addBundleListener(bl);
        try {
            byte[] jar = bundleJar("aegis.test.broken", Map.of("readme.txt", "broken on purpose".getBytes()),
                    "Import-Package", "does.not.exist");
            copyAtomically(jar, deployDir().resolve("broken.jar"));
            assertTrue("never installed", installed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue("the missing requirement was never reported", reported.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            reader.removeLogListener(ll);
            context.removeBundleListener(bl);
            logs.close();
        }
        Bundle broken = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "aegis.test.broken".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertEquals(Bundle.INSTALLED, broken.getState());
        // the runtime carries on
        try (StateWatch w = watch("ACTIVE", 1, "sim:after", "sim-generic")) {
            simGroup("after", "after", 1);
            w.await();
        }
    }

    @Test
    public void halAwaitNamesADroppedBundleWhoseActivatorThrowsInsteadOfWaitingForIt() throws Exception {
        byte[] jar = bundleJar("aegis.test.failing", Map.of("readme.txt", "fails to start on purpose".getBytes()),
                "Bundle-Activator", "aegis.test.failing.Missing"); // no such class: start() fails
        Path target = deployDir().resolve("failing.jar");
        copyAtomically(jar, target);
        try {
            // before the fix this waited the whole timeout: the bundle stays RESOLVED for good
            String awaited = shell("hal:await -t 20");
            assertTrue(awaited, awaited.startsWith("settled\n")
                    && awaited.contains("failing.jar: failed to start (not waited for"));
            Bundle failing = java.util.Arrays.stream(context.getBundles())
                    .filter(b -> "aegis.test.failing".equals(b.getSymbolicName())).findFirst().orElseThrow();
            assertEquals(Bundle.RESOLVED, failing.getState());
        } finally {
            Files.delete(target); // the deploy folder outlives this framework
        }
    }

    @Test
    public void halAwaitWaitsForAConfigurationFileDroppedIntoTheDeployFolder() throws Exception {
        assertTrue(registry.awaitSettled(WAIT));
        assertEquals(1000L, registry.configuration().get("deadline.match.ms"));
        Path cfg = deployDir().resolve("aegis.hal.registry.cfg");
        copyAtomically("# dropped by DeployIT\ndeadline.match.ms = 1234\n".getBytes(), cfg);
        try {
            // FileInstall polls, Configuration Admin hands the configuration to the registry on its
            // own thread: without waiting for both, hal:config printed 1000 (checked with the wait removed)
            String awaited = shell("hal:await -t 20").strip();
            assertEquals("settled", awaited);
            String config = shell("hal:config");
            assertTrue(config, config.lines().anyMatch(l -> l.matches("deadline\\.match\\.ms\\s+1234\\s*")));
        } finally {
            Files.delete(cfg); // the deploy folder outlives this framework
        }
    }

    private static void copyAtomically(byte[] data, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent().getParent(), "drop", ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The same jar with another Bundle-Version: what a rebuilt driver bundle looks like. */
    private static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(bytes, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    copy(in, out);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
