package aegis.hal.block.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.api.json.Json;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.testing.Fixtures;

/**
 * Devices read from the fixture hosts' sysfs trees and from the live host agree with
 * {@code lsblk --json -b -O} (the recorded oracles, and the real tool on this machine).
 */
class SysfsBlockScannerTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"qemu-nvme", "qemu-q35", "firecracker"})
    void fixtureHostsAgreeWithLsblkOracle(String host) throws Exception {
        Path root = Fixtures.host(host);
        List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(root)).scan();
        Map<String, Object> oracle = Fixtures.json(root.resolve("oracle/lsblk-O.json"));
        int compared = compare(root, oracle, devices, host, true);
        assertTrue(compared >= 2, host + ": compared " + compared);
    }

    /** The command's JSON (keyed like lsblk) carries the same values: compare it with the oracle too. */
    @ParameterizedTest
    @ValueSource(strings = {"qemu-nvme", "qemu-q35", "firecracker"})
    void lsblkCommandJsonAgreesWithOracle(String host) throws Exception {
        Path root = Fixtures.host(host);
        List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(root)).scan();
        Map<String, Object> ours = Json.parseObject(Json.pretty(BlockFormat.lsblk(devices, false, id -> Map.of())));
        Map<String, Object> oracle = Fixtures.json(root.resolve("oracle/lsblk-O.json"));
        List<String> ourNames = names(ours);
        List<String> theirNames = names(oracle);
        ourNames.sort(null);
        theirNames.sort(null);
        assertEquals(theirNames, ourNames, host + ": lsblk lists the same devices (empty loop devices hidden)");
        Map<String, Map<String, Object>> byName = index(ours);
        for (Map<String, Object> o : flat(oracle)) {
            Map<String, Object> m = byName.get((String) o.get("name"));
            for (String key : List.of("maj:min", "rm", "ro", "size", "log-sec", "phy-sec", "rota", "model", "wwn",
                    "pkname", "start")) {
                assertEquals(o.get(key), m.get(key), host + " " + o.get("name") + " " + key);
            }
            assertEquals(o.get("type"), m.get("type"), host + " " + o.get("name") + " type");
        }
    }

    /** Partition starts and sizes in sysfs agree with sfdisk --json run on the same guest. */
    @Test
    void fixturePartitionsAgreeWithSfdiskOracles() throws Exception {
        int n = 0;
        for (String[] hd : new String[][] {{"qemu-nvme", "nvme0n1"}, {"qemu-nvme", "sda"}, {"qemu-nvme", "sdb"},
            {"qemu-q35", "vda"}}) {
            Path root = Fixtures.host(hd[0]);
            List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(root)).scan();
            Map<String, Object> pt = sub(Fixtures.json(root.resolve("oracle/sfdisk-" + hd[1] + ".json")),
                    "partitiontable");
            for (Object o : (List<?>) pt.get("partitions")) {
                @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) o;
                String name = ((String) p.get("node")).substring("/dev/".length());
                BlockDeviceInfo d = devices.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                assertEquals(hd[1], d.parent());
                assertEquals(p.get("start"), d.startSector(), name);
                assertEquals((Long) p.get("size") * 512, d.sizeBytes(), name);
                assertEquals(p.getOrDefault("name", ""), d.partitionName(), name);
                n++;
            }
        }
        assertEquals(8, n);
    }

    @Test
    void liveHostAgreesWithLsblk() throws Exception {
        assumeTrue(Fixtures.available("lsblk"), "lsblk (util-linux) is not installed");
        assumeTrue(Files.isDirectory(Path.of("/sys/block")), "no /sys/block on this host");
        List<BlockDeviceInfo> devices = new SysfsBlockScanner(HostRoot.of(Path.of("/"))).scan();
        Map<String, Object> oracle = Json.parseObject(Fixtures.check(null, "lsblk", "--json", "-b", "-o",
                "NAME,MAJ:MIN,RM,RO,SIZE,TYPE,LOG-SEC,PHY-SEC,ROTA,MODEL,SERIAL,WWN,PKNAME,START,TRAN,REV"));
        compare(Path.of("/"), oracle, devices, "live", false);
    }

    private static String sysfs(Path root, String path) {
        try {
            return Files.readString(root.resolve(path.substring(1))).trim();
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }

    static int compare(Path root, Map<String, Object> oracle, List<BlockDeviceInfo> devices, String host,
            boolean exactSet) {
        Map<String, BlockDeviceInfo> byName = new HashMap<>();
        devices.forEach(d -> byName.put(d.name(), d));
        int n = 0;
        for (Map<String, Object> o : flat(oracle)) {
            String name = (String) o.get("name");
            BlockDeviceInfo d = byName.get(name);
            String w = host + " " + name;
            assertNotNull(d, w + " is found");
            assertEquals(o.get("maj:min"), d.majorMinor(), w + " maj:min");
            assertEquals(o.get("size"), d.sizeBytes(), w + " size");
            assertEquals(o.get("rm"), d.removable(), w + " rm");
            assertEquals(o.get("ro"), d.readOnly(), w + " ro");
            assertEquals(((Long) o.get("log-sec")).intValue(), d.logicalBlockSize(), w + " log-sec");
            assertEquals(((Long) o.get("phy-sec")).intValue(), d.physicalBlockSize(), w + " phy-sec");
            assertEquals(o.get("rota"), d.rotational(), w + " rota");
            assertEquals(o.get("type"), d.type(), w + " type");
            assertEquals(trim(o.get("model")), d.model(), w + " model");
            if (o.get("serial") == null && !d.serial().isEmpty()) {
                // lsblk 2.38 reads a virtio disk's serial only from the udev database; hosts without
                // udev (firecracker) show none, although the kernel's attribute has it
                assertEquals(d.serial(), sysfs(root, "/sys/block/" + name + "/serial"), w + " serial");
            } else {
                assertEquals(trim(o.get("serial")), d.serial(), w + " serial");
            }
            assertEquals(trim(o.get("wwn")), d.wwid(), w + " wwn");
            assertEquals(trim(o.get("pkname")), d.parent(), w + " pkname");
            if (d.isPartition()) {
                assertEquals(o.get("start"), d.startSector(), w + " start");
            } else {
                assertEquals(trim(o.get("tran")), d.transport(), w + " tran");
                assertEquals(trim(o.get("rev")), d.revision(), w + " rev");
            }
            if (o.containsKey("partlabel")) {
                assertEquals(trim(o.get("partlabel")), d.partitionName(), w + " partlabel");
            }
            if (o.containsKey("vendor")) {
                assertEquals(trim(o.get("vendor")), d.vendor(), w + " vendor");
            }
            n++;
        }
        if (exactSet) {
            for (BlockDeviceInfo d : devices) {
                boolean listed = flat(oracle).stream().anyMatch(o -> d.name().equals(o.get("name")));
                assertTrue(listed || !BlockFormat.listedByDefault(d), host + ": " + d.name() + " not in lsblk output");
            }
        }
        return n;
    }

    private static String trim(Object o) {
        return o == null ? "" : ((String) o).trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> flat(Map<String, Object> lsblk) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) lsblk.get("blockdevices")) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(m);
            for (Object c : (List<Object>) m.getOrDefault("children", List.of())) {
                out.add((Map<String, Object>) c);
            }
        }
        return out;
    }

    private static List<String> names(Map<String, Object> lsblk) {
        List<String> n = new ArrayList<>();
        flat(lsblk).forEach(m -> n.add((String) m.get("name")));
        return n;
    }

    private static Map<String, Map<String, Object>> index(Map<String, Object> lsblk) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        flat(lsblk).forEach(x -> m.put((String) x.get("name"), x));
        return m;
    }

    @Test
    void garbageInANumericAttributeNamesTheFile() throws Exception {
        Path sys = tmp.resolve("sys/block/vdz");
        Files.createDirectories(sys.resolve("queue"));
        Files.writeString(sys.resolve("dev"), "254:16\n");
        Files.writeString(sys.resolve("size"), "12ab\n");
        HalException e = assertThrows(HalException.class, () -> new SysfsBlockScanner(HostRoot.of(tmp)).scan());
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertTrue(e.getMessage().contains("/sys/block/vdz/size") && e.getMessage().contains("12ab"), e.getMessage());
    }

    @Test
    void missingSysBlockIsAnEmptyHost() throws Exception {
        assertTrue(new SysfsBlockScanner(HostRoot.of(tmp)).scan().isEmpty());
        assertFalse(new SysfsBlockScanner(HostRoot.of(tmp)).find("sda").isPresent());
        assertFalse(new SysfsBlockScanner(HostRoot.of(tmp)).find("../etc").isPresent());
    }

    @Test
    void scsiSerialFromVpdPage() throws Exception {
        Path p = Fixtures.host("qemu-nvme").resolve(
                "sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/vpd_pg80");
        assertEquals("AEGIS-SATA-0001", ScsiVpd.serial(Files.readAllBytes(p)).orElseThrow());
        assertTrue(ScsiVpd.serial(new byte[] {0, (byte) 0x80, 0, 50, 'a'}).isEmpty());
        assertTrue(ScsiVpd.serial(new byte[3]).isEmpty());
        java.util.Random r = new java.util.Random(80);
        byte[] seed = Files.readAllBytes(p);
        for (int i = 0; i < 20000; i++) {
            byte[] b = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 8));
            if (b.length > 0) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            ScsiVpd.serial(b); // must not throw
        }
    }
}
