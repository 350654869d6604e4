package aegis.hal.run;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.cm.ConfigurationAdminOptions.newConfiguration;

import java.nio.ByteBuffer;
import java.util.List;

import javax.inject.Inject;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.Permission;
import aegis.hal.devfs.DevFs;
import aegis.hal.devfs.Handle;
import aegis.hal.devfs.NodeInfo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Constants;

/**
 * devfs with real capability checks: the test bundle is an application with principal
 * {@code test/app} (assigned by configuration to its symbolic name), holding only what the test
 * grants it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DevfsIT extends HalTestSupport {
    private static final String APP = "aegis.test.app"; // the same probe name in every test class: Pax Exam builds the probe once per JVM

    @Inject
    private DevFs devfs;

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

    private void disk() throws Exception {
        awaitPrincipal("test/app");
        try (StateWatch w = watch("ACTIVE", 1, "sim:disk", "sim-generic")) {
            simGroup("disk", "disk", 1, "sim.size=8192");
            w.await();
        }
    }

    /** Grants through the administrator's shell (the test bundle is an application, not an admin). */
    private String grant(String pattern, String perms) throws Exception {
        String out = shell("cap:grant --ttl 1h test/app " + perms + " '" + pattern + "'");
        assertTrue(out, out.startsWith("granted "));
        return out.split(" ")[1];
    }

    private static HalException fails(Call c) {
        try {
            c.run();
        } catch (HalException e) {
            return e;
        }
        throw new AssertionError("expected a HalException");
    }

    interface Call {
        void run() throws HalException;
    }

    @Test
    public void withoutAGrantTheNodeDoesNotExist() throws Exception {
        disk();
        assertTrue(devfs.list("/dev").stream().noneMatch(n -> n.path().equals("/dev/sim/disk0")));
        assertEquals(ErrorCode.NOT_FOUND, fails(() -> devfs.open("/dev/sim/disk0", Permission.READ)).code());
        assertEquals(ErrorCode.NOT_FOUND, fails(() -> devfs.stat("/dev/sim/disk0")).code());
    }

    @Test
    public void readWorksWithReadAndWriteIsDenied() throws Exception {
        disk();
        grant("/dev/sim/**", "read");
        List<NodeInfo> nodes = devfs.list("/dev/sim");
        assertEquals(1, nodes.size());
        assertEquals("sim-generic", nodes.get(0).driver());
        try (Handle h = devfs.open("/dev/sim/disk0", Permission.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            assertEquals(4096, h.read(0, b));
            assertEquals(8192, h.size());
            HalException e = fails(() -> h.write(0, ByteBuffer.wrap(new byte[] { 1 })));
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        }
        HalException e = fails(() -> devfs.open("/dev/sim/disk0", Permission.READ, Permission.WRITE));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("WRITE"));
    }

    @Test
    public void writesReachTheDriverAndReadBack() throws Exception {
        disk();
        grant("/dev/sim/disk0", "read,write");
        try (Handle h = devfs.open("/dev/sim/disk0", Permission.READ, Permission.WRITE)) {
            byte[] data = "aegis".getBytes();
            assertEquals(5, h.write(100, ByteBuffer.wrap(data)));
            ByteBuffer back = ByteBuffer.allocate(5);
            h.read(100, back);
            assertArrayEquals(data, back.array());
        }
        // the alias by id leads to the same node
        assertEquals("/dev/sim/disk0", devfs.stat("/dev/by-id/sim:disk0").path());
    }

    @Test
    public void aRevokeInTheMiddleOfReadingFailsTheNextRead() throws Exception {
        disk();
        String t = grant("/dev/sim/**", "read");
        try (Handle h = devfs.open("/dev/sim/disk0", Permission.READ)) {
            assertEquals(4096, h.read(0, ByteBuffer.allocate(4096)));
            assertTrue(shell("cap:revoke " + t).startsWith("revoked"));
            HalException e = fails(() -> h.read(4096, ByteBuffer.allocate(4096)));
            assertEquals("a revoke is a distinct denial", ErrorCode.REVOKED, e.code());
        }
    }

    @Test
    public void unbindingTheDriverFailsOpenHandlesWithDeviceGone() throws Exception {
        disk();
        grant("/dev/sim/**", "read");
        try (Handle h = devfs.open("/dev/sim/disk0", Permission.READ)) {
            assertEquals(4096, h.read(0, ByteBuffer.allocate(4096)));
            registry.unbind("sim:disk0");
            assertEquals(ErrorCode.DEVICE_GONE, fails(() -> h.read(0, ByteBuffer.allocate(16))).code());
            assertEquals(ErrorCode.DEVICE_GONE, fails(() -> devfs.open("/dev/sim/disk0", Permission.READ)).code());
            registry.rebind("sim:disk0");
            // still gone for the old handle; a new open works and the node kept its name
            assertEquals(ErrorCode.DEVICE_GONE, fails(() -> h.read(0, ByteBuffer.allocate(16))).code());
        }
        try (Handle again = devfs.open("/dev/sim/disk0", Permission.READ)) {
            assertEquals(16, again.read(0, ByteBuffer.allocate(16)));
        }
    }
}
