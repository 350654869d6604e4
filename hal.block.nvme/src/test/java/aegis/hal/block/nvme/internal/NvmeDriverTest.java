package aegis.hal.block.nvme.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockProperties;

/**
 * The NVMe driver on the recorded qemu-nvme host: it matches the two namespaces (not their partitions,
 * not the SATA disk) above the generic driver's score, and its attributes agree with nvme-cli's
 * {@code nvme list -o json} and {@code nvme id-ctrl -o json} from the same guest.
 */
class NvmeDriverTest {
    static final Path ROOT = Path.of(System.getProperty("aegis.fixtures", "src/test/resources/fixtures"))
            .resolve("hosts/qemu-nvme");
    final HostRoot host = HostRoot.of(ROOT);
    final NvmeDriver driver = new NvmeDriver(host);

    /** A device as hal.block registers it, with the sysfs path taken from the fixture's own link. */
    Device device(String name, String type, String transport) throws Exception {
        String link = Files.readSymbolicLink(ROOT.resolve("sys/class/block/" + name)).toString();
        String hostPath = "/sys/" + link.substring("../../".length());
        BasicDevice.Builder b = BasicDevice.builder("block:" + name, DeviceClass.BLOCK)
                .devfsPath("/dev/block/" + name)
                .property(BlockProperties.NAME, name)
                .property(BlockProperties.TYPE, type)
                .property(Device.HOST_PATH, hostPath);
        if (transport != null) {
            b.property(BlockProperties.TRANSPORT, transport);
        }
        return b.build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void namespacesAgreeWithNvmeCli() throws Exception {
        Map<String, Object> list = Json.parseObject(Files.readString(ROOT.resolve("oracle/nvme-list.json")));
        Map<String, Object> ctrl = Json.parseObject(Files.readString(ROOT.resolve("oracle/nvme-id-ctrl.json")));
        List<Map<String, Object>> devices = (List<Map<String, Object>>) list.get("Devices");
        assertEquals(2, devices.size());
        for (Map<String, Object> o : devices) {
            String name = ((String) o.get("DevicePath")).substring("/dev/".length());
            Device d = device(name, "disk", "nvme");
            assertEquals(NvmeDriver.SCORE, driver.match(d));
            driver.probe(d);
            Map<String, Object> a = driver.attributes(d.id());
            assertEquals(o.get("ModelNumber"), a.get(NvmeDriver.MODEL), name);
            assertEquals(o.get("SerialNumber"), a.get(NvmeDriver.SERIAL), name);
            assertEquals(o.get("Firmware"), a.get(NvmeDriver.FIRMWARE_REV), name);
            assertEquals(((Long) o.get("NameSpace")).intValue(), a.get(NvmeDriver.NSID), name);
            assertEquals(((Long) ctrl.get("cntlid")).intValue(), a.get(NvmeDriver.CNTLID), name);
            assertEquals(ctrl.get("subnqn"), a.get(NvmeDriver.SUBSYSNQN), name);
            assertEquals("nvme0", a.get(NvmeDriver.CONTROLLER), name);
            assertEquals("pcie", a.get(NvmeDriver.TRANSPORT), name);
            driver.remove(d);
            assertTrue(driver.attributes(d.id()).isEmpty());
        }
    }

    @Test
    void sysfsAttributesCarryWhatTheProbeReadBoundToTheNamespaceNode() throws Exception {
        Device d = device("nvme0n2", "disk", "nvme");
        Map<String, Object> values = driver.read(d);
        List<aegis.hal.sysfs.Attribute> attrs = NvmeAttributes.of("nvme0n2", "/dev/block/nvme0n2", values);
        Map<String, Object> byPath = new java.util.LinkedHashMap<>();
        for (aegis.hal.sysfs.Attribute a : attrs) {
            assertEquals("/dev/block/nvme0n2", a.spec().devfsPath(), a.spec().path());
            assertTrue(!a.spec().writable(), a.spec().path());
            assertEquals(a.spec().type().javaType(), a.read().getClass(), a.spec().path());
            byPath.put(a.spec().path(), a.read());
        }
        String dir = "/sys/hal/block/nvme0n2/nvme/";
        assertEquals(List.of(dir + "model", dir + "serial", dir + "firmware_rev", dir + "nsid", dir + "controller",
                dir + "cntlid", dir + "subsysnqn", dir + "transport"), List.copyOf(byPath.keySet()));
        assertEquals("7.2.22", byPath.get(dir + "firmware_rev"));
        assertEquals(2L, byPath.get(dir + "nsid"));
        assertEquals(0L, byPath.get(dir + "cntlid"));
        assertThrows(IllegalArgumentException.class, () -> NvmeAttributes.of("bad name", "/dev/block/x", values));
    }

    @Test
    void leavesPartitionsAndOtherDisksToTheGenericDriver() throws Exception {
        assertEquals(0, driver.match(device("nvme0n1p1", "part", "nvme")));
        assertEquals(0, driver.match(device("sda", "disk", "sata")));
        assertEquals(0, driver.match(BasicDevice.builder("cpu:0", DeviceClass.CPU).build()));
        assertTrue(NvmeDriver.SCORE > 1, "outbids the generic block driver's score of 1");
    }

    @Test
    void probeFailsClearlyWhenTheHostDisagrees() throws Exception {
        Device sda = device("sda", "disk", "nvme"); // claims nvme, but has no NVMe controller attributes
        HalException e = assertThrows(HalException.class, () -> driver.probe(sda));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("not an NVMe namespace"), e.getMessage());
        Device gone = BasicDevice.builder("block:nvme7n1", DeviceClass.BLOCK)
                .property(BlockProperties.NAME, "nvme7n1").property(BlockProperties.TYPE, "disk")
                .property(BlockProperties.TRANSPORT, "nvme")
                .property(Device.HOST_PATH, "/sys/devices/pci0000:00/0000:00:09.0/nvme/nvme7/nvme7n1").build();
        assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class, () -> driver.probe(gone)).code());
    }

    /**
     * The registry calls {@code remove} on its own thread while the stopping bundle's deactivate may be
     * withdrawing the same attributes: {@code remove} must return only once they are gone, or the next
     * driver is bound while {@code /sys/hal/block/<name>/nvme} is still listed (seen once in CI).
     */
    @Test
    void removeReturnsOnlyOnceTheAttributesAreGoneEvenWhileDeactivateWithdrawsThem() throws Exception {
        AtomicInteger registered = new AtomicInteger();
        CountDownLatch inUnregister = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.incrementAndGet();
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (!m.getName().equals("unregister")) {
                                    throw new UnsupportedOperationException(m.getName());
                                }
                                if (inUnregister.getCount() > 0) { // the first unregister stalls
                                    inUnregister.countDown();
                                    release.await();
                                }
                                registered.decrementAndGet();
                                return null;
                            });
                });
        NvmeDriver live = new NvmeDriver(context, host);
        Device d = device("nvme0n1", "disk", "nvme");
        live.probe(d);
        assertEquals(8, registered.get());

        Thread deactivating = new Thread(live::deactivate, "deactivate");
        deactivating.start();
        inUnregister.await();
        AtomicReference<Integer> leftAtReturn = new AtomicReference<>();
        Thread removing = new Thread(() -> {
            live.remove(d);
            leftAtReturn.set(registered.get());
        }, "remove");
        removing.start();
        // let remove run until it either returns or waits for the withdrawal in progress
        while (removing.isAlive() && removing.getState() != Thread.State.BLOCKED
                && removing.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        release.countDown();
        deactivating.join();
        removing.join();
        assertEquals(0, leftAtReturn.get(), "attributes still registered when remove returned");
        assertEquals(0, registered.get());
    }
}
