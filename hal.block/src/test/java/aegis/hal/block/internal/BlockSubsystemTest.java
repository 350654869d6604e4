package aegis.hal.block.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.api.registry.Discovery;
import aegis.hal.block.BlockProperties;
import aegis.hal.block.testing.Fixtures;
import aegis.hal.sysfs.Attribute;

/** Device services registered from a (writable copy of a) fixture host, kept in step on rescans. */
class BlockSubsystemTest {
    @TempDir
    Path tmp;

    final Map<String, Dictionary<String, ?>> services = new LinkedHashMap<>();
    final Map<String, Device> devices = new LinkedHashMap<>();
    final List<String> unregistered = new ArrayList<>();
    /** The sysfs attributes registered now, by path. */
    final Map<String, Attribute> attributes = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch discoveryDone = new java.util.concurrent.CountDownLatch(1);

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static BlockSubsystem.Config config() {
        return new BlockSubsystem.Config() {
            @Override
            public long rescan_interval_ms() {
                return 0;
            }

            @Override
            public int image_sector_size() {
                return 0;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return BlockSubsystem.Config.class;
            }
        };
    }

    @SuppressWarnings("unchecked")
    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, m, args) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    if (args[0] == Attribute.class) {
                        Attribute a = (Attribute) args[1];
                        String path = a.spec().path();
                        assertTrue(attributes.putIfAbsent(path, a) == null, path + " registered twice");
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p2, m2, a2) -> {
                                    if (m2.getName().equals("unregister")) {
                                        attributes.remove(path);
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m2.getName());
                                });
                    }
                    Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                    if (props.get(Discovery.PROPERTY) != null) {
                        events.add("discovery begins, " + services.size() + " devices");
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p2, m2, a2) -> {
                                    events.add("discovery ends, " + services.size() + " devices");
                                    discoveryDone.countDown();
                                    return null;
                                });
                    }
                    String id = (String) props.get(Device.ID);
                    services.put(id, props);
                    devices.put(id, (Device) args[1]);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p2, m2, a2) -> {
                                if (m2.getName().equals("unregister")) {
                                    services.remove(id);
                                    devices.remove(id);
                                    unregistered.add(id);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m2.getName());
                            });
                });
    }

    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(BlockSubsystemTest.class.getClassLoader(), new Class<?>[] {Logger.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? false : null);
    }

    BlockSubsystem subsystem(HostRoot host) throws Exception {
        BlockSubsystem s = new BlockSubsystem(context(), config(), host, null);
        var f = BlockSubsystem.class.getDeclaredField("logger");
        f.setAccessible(true);
        f.set(s, quietLogger());
        return s;
    }

    @Test
    void registersDisksAndPartitionsAndFollowsTheHost() throws Exception {
        Path root = tmp.resolve("host");
        copyTree(Fixtures.host("qemu-nvme").resolve("sys"), root.resolve("sys"));
        BlockSubsystem s = subsystem(HostRoot.of(root));
        s.rescan();
        assertEquals(List.of("block:nvme0n1", "block:nvme0n1p1", "block:nvme0n1p2", "block:nvme0n2", "block:sda",
                "block:sda1", "block:sda2", "block:sdb", "block:sdb1"), new ArrayList<>(services.keySet()));
        Dictionary<String, ?> p1 = services.get("block:nvme0n1p1");
        assertEquals("BLOCK", p1.get(Device.CLASS));
        assertEquals("block:nvme0n1", p1.get(Device.PARENT));
        assertEquals("/dev/block/nvme0n1p1", p1.get(Device.DEVFS));
        Device ns = devices.get("block:nvme0n1");
        assertEquals(DeviceClass.BLOCK, ns.deviceClass());
        assertEquals("nvme", ns.properties().get(BlockProperties.TRANSPORT));
        assertEquals(33554432L, ns.properties().get(BlockProperties.SIZE_BYTES));
        assertEquals("QEMU NVMe Ctrl", ns.properties().get(Device.MODEL));
        assertEquals("/sys/devices/pci0000:00/0000:00:02.0/nvme/nvme0/nvme0n1", ns.properties().get(Device.HOST_PATH));

        assertEquals(33554432L, attributes.get("/sys/hal/block/nvme0n1/size_bytes").read());
        assertEquals(2048L, attributes.get("/sys/hal/block/nvme0n1p1/start_sector").read());
        assertEquals("/dev/block/sdb1", attributes.get("/sys/hal/block/sdb1/removable").spec().devfsPath());
        int attributeCount = attributes.size();

        s.rescan();
        assertTrue(unregistered.isEmpty(), "an unchanged host changes nothing");
        assertEquals(attributeCount, attributes.size());

        // unplug the USB stick: partition first, then the disk
        Files.delete(root.resolve("sys/block/sdb"));
        s.rescan();
        assertEquals(List.of("block:sdb1", "block:sdb"), unregistered);
        assertEquals(7, services.size());
        assertTrue(attributes.keySet().stream().noneMatch(p -> p.startsWith("/sys/hal/block/sdb")),
                "the stick's attributes went with it: " + attributes.keySet());

        // a size change re-registers that device
        Path size = root.resolve("sys/devices/pci0000:00/0000:00:02.0/nvme/nvme0/nvme0n2/size");
        Files.writeString(size, "65536\n");
        s.rescan();
        assertEquals("block:nvme0n2", unregistered.get(2));
        assertEquals(65536L * 512, devices.get("block:nvme0n2").properties().get(BlockProperties.SIZE_BYTES));
        assertEquals(65536L * 512, attributes.get("/sys/hal/block/nvme0n2/size_bytes").read(),
                "the attribute follows the rescan");

        s.stop();
        assertTrue(services.isEmpty());
        assertTrue(attributes.isEmpty(), attributes.keySet().toString());
        assertEquals("block:nvme0n1", unregistered.get(unregistered.size() - 1), "disks go after their partitions");
    }

    /** Activation returns at once; the first scan runs on hal-block-scan under a Discovery mark. */
    @Test
    void startScansOffTheActivationThreadUnderADiscoveryMark() throws Exception {
        BlockSubsystem s = subsystem(HostRoot.of(Fixtures.host("qemu-q35")));
        s.start();
        assertTrue(discoveryDone.await(30, java.util.concurrent.TimeUnit.SECONDS), "first scan finished");
        assertEquals(List.of("discovery begins, 0 devices", "discovery ends, 4 devices"), events);
        assertEquals(List.of("block:vda", "block:vda1", "block:vda2", "block:vda3"), new ArrayList<>(services.keySet()));
        s.stop();
        assertTrue(services.isEmpty());
    }

    @Test
    void serviceAnswersFromTheHostAndNamesUnknownTargets() throws Exception {
        BlockSubsystem s = subsystem(HostRoot.of(Fixtures.host("qemu-q35")));
        assertEquals(4, s.devices().size());
        assertEquals("vda", s.device("block:vda2").orElseThrow().parent());
        assertTrue(s.device("vdb").isEmpty());
        HalException e = org.junit.jupiter.api.Assertions.assertThrows(HalException.class,
                () -> s.partitionTable("vda", 0));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(2, s.partitionTable(Fixtures.image("gpt-3part.img").toString(), 0).orElseThrow()
                .partitions().size() - 1);
        s.stop();
    }

    @Test
    void genericDriverMatchesBlockDevicesAndNoticesRemoval() throws Exception {
        Path root = tmp.resolve("host");
        copyTree(Fixtures.host("qemu-q35").resolve("sys"), root.resolve("sys"));
        BlockSubsystem s = subsystem(HostRoot.of(root));
        s.rescan();
        BlockDriver d = new BlockDriver(HostRoot.of(root));
        Device vda1 = devices.get("block:vda1");
        assertEquals(BlockDriver.SCORE, d.match(vda1));
        assertEquals(0, d.match(aegis.hal.api.device.BasicDevice.builder("cpu:0", DeviceClass.CPU).build()));
        d.probe(vda1);
        assertEquals(1, d.boundCount());
        d.remove(vda1);
        assertEquals(0, d.boundCount());
        String hostPath = (String) vda1.properties().get(Device.HOST_PATH);
        deleteTree(root.resolve(hostPath.substring(1)));
        HalException e = org.junit.jupiter.api.Assertions.assertThrows(HalException.class, () -> d.probe(vda1));
        assertEquals(ErrorCode.DEVICE_GONE, e.code());
        s.stop();
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            java.util.Collections.reverse(all);
            for (Path x : all) {
                Files.delete(x);
            }
        }
    }
}
