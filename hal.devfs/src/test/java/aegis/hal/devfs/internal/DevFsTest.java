package aegis.hal.devfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.devfs.DeviceIo;
import aegis.hal.devfs.Handle;
import aegis.hal.devfs.NodeKind;

import org.junit.jupiter.api.Test;

class DevFsTest {
    /** Grants by path: mask per exact path, changeable while handles are open. */
    static final class Grants {
        final ConcurrentHashMap<String, Integer> masks = new ConcurrentHashMap<>();

        CapabilityService service() {
            Subject subject = new Subject() {
                @Override
                public Optional<Principal> principal() {
                    return Optional.empty();
                }

                @Override
                public boolean trusted() {
                    return false;
                }
            };
            return (CapabilityService) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { CapabilityService.class }, (p, m, a) -> switch (m.getName()) {
                        case "subject" -> subject;
                        case "check" -> {
                            Integer held = masks.get((String) a[1]);
                            int want = (Integer) a[2];
                            yield held != null && (held & want) == want;
                        }
                        case "require" -> {
                            Integer held = masks.get((String) a[1]);
                            int want = (Integer) a[2];
                            if (held == null || (held & want) != want) {
                                throw new HalException(ErrorCode.PERMISSION_DENIED, "lacks " + Permission.of(want)
                                        + " on " + a[1]);
                            }
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    /** A driver with a 64-byte RAM node that can block inside read until released. */
    static final class RamDriver implements Driver, DeviceIo {
        final byte[] data = new byte[64];
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public int match(Device device) {
            return 1;
        }

        @Override
        public void probe(Device device) {
        }

        @Override
        public void remove(Device device) {
        }

        @Override
        public long size(Device device) {
            return data.length;
        }

        @Override
        public int read(Device device, long offset, ByteBuffer dst) throws HalException {
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(dst.remaining(), data.length - (int) offset);
            dst.put(data, (int) offset, n);
            return n;
        }

        @Override
        public int write(Device device, long offset, ByteBuffer src) {
            int n = src.remaining();
            src.get(data, (int) offset, n);
            return n;
        }
    }

    private final Grants grants = new Grants();
    private final NodeTable table = new NodeTable();
    private final RamDriver driver = new RamDriver();
    private final BasicDevice disk = BasicDevice.builder("block:nvme0n1", DeviceClass.BLOCK)
            .devfsPath("/dev/block/nvme0n1").property(Device.SERIAL, "AEGIS-NVME-0001")
            .property(Device.MODEL, "QEMU NVMe Ctrl")
            .property(Device.HOST_PATH, "/sys/devices/pci0000:00/0000:00:02.0/nvme/nvme0/nvme0n1").build();

    private DevFsImpl devfs() {
        table.addDevice(disk);
        table.addDriver(driver, new FakeRef(7L, "ram"));
        table.bound(disk, 7L);
        return new DevFsImpl(table, grants.service(), null);
    }

    @Test
    void aliasesComeFromSerialModelAndHostPathAndSurviveReplug() {
        DevFsImpl fs = devfs();
        grants.masks.put("/dev/block/nvme0n1", Permission.READ.bit());
        assertEquals(List.of("/dev/by-id/block-QEMU_NVMe_Ctrl_AEGIS-NVME-0001",
                "/dev/by-path/pci0000:00-0000:00:02.0-nvme-nvme0-nvme0n1"), NodeTable.aliases(disk));
        assertEquals(NodeKind.BLOCK, NodeTable.kindOf(disk));
        // replug: a new Device object with the same identity keeps node and aliases
        table.removeDevice(disk);
        BasicDevice again = BasicDevice.builder(disk.id(), DeviceClass.BLOCK).devfsPath("/dev/block/nvme0n1")
                .properties(disk.properties()).build();
        table.addDevice(again);
        assertEquals("/dev/block/nvme0n1", assertDoesNotThrowStat(fs, "/dev/by-id/block-QEMU_NVMe_Ctrl_AEGIS-NVME-0001"));
        assertEquals("a_b_c", NodeTable.sanitize("a b/c"));
    }

    private static String assertDoesNotThrowStat(DevFsImpl fs, String path) {
        try {
            return fs.stat(path).path();
        } catch (HalException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invisibleNodesDoNotExistAndOpenChecksEveryPermission() throws Exception {
        DevFsImpl fs = devfs();
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> fs.stat("/dev/block/nvme0n1")).code());
        assertTrue(fs.list("/dev").isEmpty());
        grants.masks.put("/dev/block/nvme0n1", Permission.READ.bit());
        assertEquals(1, fs.list("/dev/block").size());
        assertEquals(0, fs.list("/dev/audio").size());
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> fs.open("/dev/block/nvme0n1", Permission.WRITE)).code());
        try (Handle h = fs.open("/dev/block/nvme0n1", Permission.READ)) {
            assertEquals(8, h.read(0, ByteBuffer.allocate(8)));
            assertEquals(ErrorCode.PERMISSION_DENIED,
                    assertThrows(HalException.class, () -> h.write(0, ByteBuffer.allocate(1))).code());
            assertEquals(ErrorCode.PERMISSION_DENIED,
                    assertThrows(HalException.class, () -> h.control("reset", new byte[0])).code());
            grants.masks.remove("/dev/block/nvme0n1"); // revoke
            assertEquals(ErrorCode.PERMISSION_DENIED,
                    assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(8))).code());
        }
    }

    @Test
    void closedAndUnboundHandlesFailWithDistinctErrors() throws Exception {
        DevFsImpl fs = devfs();
        grants.masks.put("/dev/block/nvme0n1", Permission.mask(Permission.READ, Permission.WRITE));
        Handle h = fs.open("/dev/block/nvme0n1", Permission.READ, Permission.WRITE);
        assertEquals(3, h.write(0, ByteBuffer.wrap(new byte[] { 1, 2, 3 })));
        table.releasing(disk, 7L);
        assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(8))).code());
        assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class,
                () -> fs.open("/dev/block/nvme0n1", Permission.READ)).code());
        table.bound(disk, 7L);
        assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(8))).code(),
                "a handle from before a rebind stays dead");
        try (Handle fresh = fs.open("/dev/block/nvme0n1", Permission.READ)) {
            ByteBuffer b = ByteBuffer.allocate(3);
            fresh.read(0, b);
            assertEquals(1, b.get(0));
        }
        h.close();
        assertEquals(ErrorCode.CONFLICT, assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(8))).code());
    }

    @Test
    void aReleaseWaitsForCallsInsideTheDriverAndNothingReachesItAfter() throws Exception {
        DevFsImpl fs = devfs();
        grants.masks.put("/dev/block/nvme0n1", Permission.READ.bit());
        Handle h = fs.open("/dev/block/nvme0n1", Permission.READ);
        driver.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> inside = pool.submit(() -> h.read(0, ByteBuffer.allocate(8)));
            assertTrue(driver.entered.await(10, TimeUnit.SECONDS));
            Future<?> release = pool.submit(() -> table.releasing(disk, 7L));
            // the release cannot finish while the read is inside the driver
            assertThrows(java.util.concurrent.TimeoutException.class, () -> release.get(200, TimeUnit.MILLISECONDS));
            driver.gate.countDown();
            assertEquals(8, inside.get(10, TimeUnit.SECONDS));
            release.get(10, TimeUnit.SECONDS);
            driver.gate = null;
            assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(8))).code());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hexdumpLooksLikeXxd() {
        assertEquals("00000010: 6165 6769 7300                           aegis.\n",
                DevCommands.hexdump(16, new byte[] { 'a', 'e', 'g', 'i', 's', 0 }));
    }

    /** The parts of a ServiceReference the table reads. */
    static final class FakeRef implements org.osgi.framework.ServiceReference<Driver> {
        private final long id;
        private final String name;

        FakeRef(long id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public Object getProperty(String key) {
            return switch (key) {
                case org.osgi.framework.Constants.SERVICE_ID -> id;
                case Driver.NAME -> name;
                default -> null;
            };
        }

        @Override
        public String[] getPropertyKeys() {
            return new String[0];
        }

        @Override
        public org.osgi.framework.Bundle getBundle() {
            return null;
        }

        @Override
        public org.osgi.framework.Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(org.osgi.framework.Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object reference) {
            return 0;
        }

        @Override
        public java.util.Dictionary<String, Object> getProperties() {
            return new java.util.Hashtable<>();
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }

}
