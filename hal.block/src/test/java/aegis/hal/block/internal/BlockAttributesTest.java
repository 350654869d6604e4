package aegis.hal.block.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.testing.Fixtures;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

/**
 * The {@code /sys/hal/block/<name>/} attributes built from the fixture hosts agree with the recorded
 * {@code lsblk -O --json -b} oracles (and, for the idle loop devices lsblk hides, with the fixture's
 * sysfs files); {@code partition_table} agrees with the sfdisk oracles of the images.
 */
class BlockAttributesTest {
    @TempDir
    Path tmp;

    private static final BlockAttributes.TableReader NO_NODES = t -> {
        throw new HalException(ErrorCode.NOT_FOUND, "no device nodes in this test");
    };

    /** Every attribute, read, by device name then attribute name. */
    private static Map<String, Map<String, Object>> read(List<BlockDeviceInfo> devices) throws HalException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (BlockDeviceInfo d : devices) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Attribute a : BlockAttributes.of(d, NO_NODES)) {
                AttributeSpec s = a.spec();
                assertEquals("/sys/hal/block/" + d.name() + "/" + s.name(), s.path());
                assertEquals("/dev/block/" + d.name(), s.devfsPath(), s.path() + " belongs to the node");
                assertFalse(s.writable(), s.path() + " is read-only");
                assertFalse(s.description().isEmpty(), s.path() + " has a description");
                if (s.name().equals("partition_table")) {
                    values.put(s.name(), null);
                    continue;
                }
                Object v = a.read();
                assertTrue(s.type().javaType().isInstance(v), s.path() + ": " + v.getClass() + " for " + s.type());
                if (s.type() == AttributeType.ENUM) {
                    assertTrue(s.allowed().contains(v), s.path() + ": " + v + " not in " + s.allowed());
                }
                HalException e = assertThrows(HalException.class, () -> a.write(v));
                assertEquals(ErrorCode.UNSUPPORTED, e.code(), s.path());
                values.put(s.name(), v);
            }
            out.put(d.name(), values);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu-nvme", "qemu-q35", "firecracker"})
    void fixtureHostsAgreeWithLsblkOracle(String host) throws Exception {
        Path root = Fixtures.host(host);
        List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(root)).scan();
        Map<String, Map<String, Object>> attrs = read(devices);
        Map<String, Object> oracle = Fixtures.json(root.resolve("oracle/lsblk-O.json"));
        Set<String> compared = new HashSet<>();
        for (Map<String, Object> o : SysfsBlockScannerTest.flat(oracle)) {
            String name = (String) o.get("name");
            Map<String, Object> a = attrs.get(name);
            String w = host + " " + name + ": ";
            assertTrue(a != null, w + "has attributes");
            assertEquals(o.get("size"), a.get("size_bytes"), w + "size_bytes");
            assertEquals(o.get("log-sec"), a.get("logical_block_size"), w + "logical_block_size");
            assertEquals(o.get("phy-sec"), a.get("physical_block_size"), w + "physical_block_size");
            assertEquals(o.get("rota"), a.get("rotational"), w + "rotational");
            assertEquals(o.get("rm"), a.get("removable"), w + "removable");
            assertEquals(o.get("ro"), a.get("read_only"), w + "read_only");
            assertEquals(o.get("type"), a.get("type"), w + "type");
            assertEquals(o.get("maj:min"), a.get("dev"), w + "dev");
            assertEquals(trim(o.get("model")), a.get("model"), w + "model");
            if (o.get("serial") == null && !"".equals(a.get("serial"))) {
                // lsblk reads a virtio serial from udev only; without udev it shows none (see the scanner test)
                assertEquals(Files.readString(root.resolve("sys/block/" + name + "/serial")).trim(), a.get("serial"),
                        w + "serial");
            } else {
                assertEquals(trim(o.get("serial")), a.get("serial"), w + "serial");
            }
            assertEquals(trim(o.get("wwn")), a.get("wwid"), w + "wwid");
            if (o.containsKey("vendor")) {
                assertEquals(trim(o.get("vendor")), a.get("vendor"), w + "vendor");
            }
            if ("part".equals(o.get("type"))) {
                assertEquals(o.get("start"), a.get("start_sector"), w + "start_sector");
                assertEquals(trim(o.get("partlabel")), a.get("partition_name"), w + "partition_name");
                assertEquals(Long.parseLong(name.replaceAll("^.*?(\\d+)$", "$1")), a.get("partition"), w + "partition");
                assertFalse(a.containsKey("partition_table"), w + "a partition has no partition_table");
            } else {
                assertEquals(trim(o.get("rev")), a.get("revision"), w + "revision");
                assertEquals(trim(o.get("tran")), a.get("transport"), w + "transport");
                assertTrue(a.containsKey("partition_table"), w + "partition_table");
                assertFalse(a.containsKey("start_sector"), w + "a whole device has no start_sector");
            }
            compared.add(name);
        }
        // the idle loop devices lsblk hides: identity from the fixture's files, size and block sizes 0
        for (BlockDeviceInfo d : devices) {
            if (compared.contains(d.name())) {
                continue;
            }
            Map<String, Object> a = attrs.get(d.name());
            assertEquals("loop", a.get("type"), host + " " + d.name() + " is an idle loop device");
            assertEquals(Files.readString(root.resolve("sys/block/" + d.name() + "/dev")).trim(), a.get("dev"));
            assertEquals(Long.parseLong(Files.readString(root.resolve("sys/block/" + d.name() + "/size")).trim()) * 512,
                    a.get("size_bytes"));
            assertEquals(0L, a.get("logical_block_size"));
            assertFalse(a.containsKey("backing_file"));
        }
        assertTrue(compared.size() >= 2, host + ": compared " + compared);
    }

    /** The NVMe namespace in detail, every attribute in the order the README lists them. */
    @Test
    void nvmeNamespaceAttributes() throws Exception {
        List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(Fixtures.host("qemu-nvme"))).scan();
        Map<String, Map<String, Object>> attrs = read(devices);
        assertEquals(List.of("size_bytes", "logical_block_size", "physical_block_size", "rotational", "removable",
                "read_only", "type", "dev", "model", "serial", "vendor", "revision", "wwid", "transport",
                "partition_table"), List.copyOf(attrs.get("nvme0n1").keySet()));
        Map<String, Object> ns = attrs.get("nvme0n1");
        assertEquals(33554432L, ns.get("size_bytes"));
        assertEquals("QEMU NVMe Ctrl", ns.get("model"));
        assertEquals("AEGIS-NVME-0001", ns.get("serial"));
        assertEquals("nvme", ns.get("transport"));
        assertEquals(List.of("size_bytes", "logical_block_size", "physical_block_size", "rotational", "removable",
                "read_only", "type", "dev", "model", "serial", "vendor", "revision", "wwid", "transport", "partition",
                "start_sector", "partition_name"), List.copyOf(attrs.get("nvme0n1p1").keySet()));
        BlockDeviceInfo disk = devices.get(0);
        Map<String, AttributeSpec> specs = new LinkedHashMap<>();
        BlockAttributes.of(disk, NO_NODES).forEach(a -> specs.put(a.spec().name(), a.spec()));
        assertEquals("bytes", specs.get("size_bytes").unit());
        assertEquals(AttributeType.INTEGER, specs.get("size_bytes").type());
        assertEquals(AttributeType.BOOLEAN, specs.get("read_only").type());
        assertEquals(List.of("gpt", "dos", "none"), specs.get("partition_table").allowed());
    }

    /** {@code partition_table} opens the device on each read: host trees whose node is an image file. */
    @ParameterizedTest
    @ValueSource(strings = {"gpt-3part", "mbr-ext-2log", "blank"})
    void partitionTableIsReadFromTheDevice(String image) throws Exception {
        Path root = tmp.resolve("host");
        BlockSubsystemTest.copyTree(Fixtures.host("qemu-q35").resolve("sys"), root.resolve("sys"));
        Files.createDirectories(root.resolve("dev"));
        Path node = root.resolve("dev/vda");
        String expected;
        if (image.equals("blank")) {
            Files.write(node, new byte[1 << 20]);
            expected = "none";
        } else {
            Files.copy(Fixtures.image(image + ".img"), node);
            Map<String, Object> sfdisk = Fixtures.json(Fixtures.image("oracle/" + image + ".sfdisk.json"));
            expected = (String) ((Map<?, ?>) sfdisk.get("partitiontable")).get("label");
        }
        BlockSubsystemTest helper = new BlockSubsystemTest();
        BlockSubsystem s = helper.subsystem(HostRoot.of(root));
        s.rescan();
        Attribute pt = helper.attributes.get("/sys/hal/block/vda/partition_table");
        assertEquals(expected, pt.read());
        Files.delete(node);
        HalException e = assertThrows(HalException.class, pt::read, "read live, not remembered");
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("/dev/vda"), e.getMessage());
        assertFalse(helper.attributes.containsKey("/sys/hal/block/vda1/partition_table"));
        s.stop();
        assertTrue(helper.attributes.isEmpty());
    }

    /** A device the host refuses to open (the CI machine's /dev/vda): a clear IO error naming the node. */
    @Test
    void liveDeviceTheHostRefusesGivesAClearError() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/block/vda")), "no /dev/vda on this host");
        BlockSubsystemTest helper = new BlockSubsystemTest();
        BlockSubsystem s = helper.subsystem(HostRoot.of(Path.of("/")));
        Optional<BlockDeviceInfo> vda = s.device("vda");
        Attribute pt = BlockAttributes.of(vda.orElseThrow(), t -> s.partitionTable(t, 0)).stream()
                .filter(a -> a.spec().name().equals("partition_table")).findFirst().orElseThrow();
        try {
            assertTrue(List.of("gpt", "dos", "none").contains(pt.read()), "the host lets us open /dev/vda");
        } catch (HalException e) {
            assertEquals(ErrorCode.IO, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("/dev/vda"), e.getMessage());
        }
        s.stop();
    }

    @Test
    void aNameThatIsNoSysfsSegmentIsRefusedNamingTheCharacter() {
        BlockDeviceInfo odd = new BlockDeviceInfo("cciss!c0d0", "", "disk", "104:0", 0, 512, 512, false, false,
                false, "", "", "", "", "", "", 0, 0, "", "", "", "/dev/cciss/c0d0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockAttributes.of(odd, NO_NODES));
        assertTrue(e.getMessage().contains("'!'"), e.getMessage());
    }

    private static String trim(Object o) {
        return o == null ? "" : ((String) o).trim();
    }
}
