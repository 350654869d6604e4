package aegis.hal.block.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.BlockService;
import aegis.hal.block.OpenMode;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.partition.PartitionTables;
import aegis.hal.block.testing.Fixtures;

/** hal:lsblk and hal:partitions on a fixture host and the fixture images. */
class BlockCommandsTest {
    /** A BlockService over a fixture host, built from the same parts as the component. */
    static BlockService service(String host) {
        HostRoot root = HostRoot.of(Fixtures.host(host));
        SysfsBlockScanner scanner = new SysfsBlockScanner(root);
        BlockOpener opener = new BlockOpener(root);
        return new BlockService() {
            @Override
            public List<BlockDeviceInfo> devices() throws HalException {
                return scanner.scan();
            }

            @Override
            public Optional<BlockDeviceInfo> device(String name) throws HalException {
                return scanner.find(name);
            }

            @Override
            public Optional<PartitionTable> partitionTable(String target, int sectorSize) throws HalException {
                try (BlockHandle h = opener.open(target, OpenMode.READ, sectorSize)) {
                    return PartitionTables.read(h.asSectorSource());
                }
            }

            @Override
            public BlockHandle open(String target, OpenMode mode, int sectorSize) throws HalException {
                return opener.open(target, mode, sectorSize);
            }
        };
    }

    @Test
    void lsblkTextIsATree() {
        BlockCommands c = new BlockCommands(service("qemu-nvme"));
        String text = c.lsblk(false, false);
        String[] lines = text.split("\n");
        assertTrue(lines[0].startsWith("NAME"), text);
        assertTrue(text.contains("├─nvme0n1p1") && text.contains("└─nvme0n1p2") && text.contains("└─sdb1"), text);
        assertTrue(text.contains("AEGIS-USB-0001"), text);
        assertEquals(10, lines.length, text);
    }

    @Test
    void lsblkJsonCarriesDriverAttributes() {
        BlockCommands c = new BlockCommands(service("qemu-nvme"));
        c.addSource(id -> id.equals("block:nvme0n1") ? Map.of("nvme.nsid", 1) : Map.of());
        Map<String, Object> m = Json.parseObject(c.lsblk(true, false));
        List<Map<String, Object>> flat = SysfsBlockScannerTest.flat(m);
        Map<String, Object> ns = flat.stream().filter(x -> x.get("name").equals("nvme0n1")).findFirst().orElseThrow();
        assertEquals(Map.of("nvme.nsid", 1L), ns.get("driver-attributes"));
        assertEquals("block:nvme0n1", ns.get("id"));
        assertEquals("/dev/block/nvme0n1", ns.get("devfs"));
    }

    @Test
    void emptyLoopDevicesOnlyWithAll() {
        BlockCommands c = new BlockCommands(service("firecracker"));
        assertTrue(!c.lsblk(false, false).contains("loop0"));
        assertTrue(c.lsblk(false, true).contains("loop7"));
    }

    @Test
    void partitionsJsonIsKeyedLikeSfdisk() throws Exception {
        BlockCommands c = new BlockCommands(service("qemu-nvme"));
        for (String name : List.of("gpt-3part", "mbr-ext-2log")) {
            String img = Fixtures.image(name + ".img").toString();
            Map<String, Object> ours = Json.parseObject(c.partitions(true, 0, img));
            Map<String, Object> oracle = Fixtures.json(Fixtures.image("oracle/" + name + ".sfdisk.json"));
            Map<?, ?> o = (Map<?, ?>) oracle.get("partitiontable");
            Map<?, ?> u = (Map<?, ?>) ours.get("partitiontable");
            for (Object key : o.keySet()) {
                if (key.equals("device") || key.equals("grain")) {
                    continue; // sfdisk names the file as given; grain is its alignment hint, not table data
                }
                if (key.equals("partitions")) {
                    List<?> op = (List<?>) o.get(key);
                    List<?> up = (List<?>) u.get(key);
                    assertEquals(op.size(), up.size());
                    for (int i = 0; i < op.size(); i++) {
                        Map<?, ?> a = (Map<?, ?>) op.get(i);
                        Map<?, ?> b = (Map<?, ?>) up.get(i);
                        for (Object k : a.keySet()) {
                            Object want = a.get(k);
                            if (k.equals("node")) {
                                want = img + ((String) want).substring((name + ".img").length());
                            }
                            assertEquals(want, b.get(k), name + " partition " + i + " " + k);
                        }
                    }
                } else {
                    assertEquals(o.get(key), u.get(key), name + " " + key);
                }
            }
        }
    }

    @Test
    void partitionsTextAndErrors() {
        BlockCommands c = new BlockCommands(service("qemu-nvme"));
        String img = Fixtures.image("mbr-ext-2log.img").toString();
        String text = c.partitions(false, 0, img);
        assertTrue(text.startsWith("label: dos\nlabel-id: 0x1a2b3c4d\n"), text);
        assertTrue(text.contains(img + "5 : start=         544, size=         480, type=82"), text);
        assertTrue(text.contains("bootable"), text);
        String unknown = c.partitions(false, 0, "nvme9n9");
        assertTrue(unknown.contains("nvme9n9") && unknown.contains("NOT_FOUND"), unknown);
        String noNode = c.partitions(true, 0, "nvme0n1");
        assertTrue(noNode.contains("/dev/nvme0n1") && noNode.contains("NOT_FOUND"), noNode);
    }

    @Test
    void partitionNodesFollowKernelNaming() {
        assertEquals("sda1", BlockFormat.node("sda", 1));
        assertEquals("nvme0n1p2", BlockFormat.node("nvme0n1", 2));
        assertEquals("/dev/loop0p5", BlockFormat.node("/dev/loop0", 5));
    }
}
