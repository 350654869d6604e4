package aegis.hal.block.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.OpenMode;
import aegis.hal.block.internal.jna.BlockIoctls;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.partition.PartitionTables;
import aegis.hal.block.partition.SectorSource;
import aegis.hal.block.testing.Fixtures;
import aegis.hal.block.testing.SfdiskOracle;

/**
 * Real block devices: an image attached to a loop device ({@code losetup -f --show}, {@code partx -a}),
 * read through BLKGETSIZE64/BLKSSZGET and a handle, and compared with blockdev, sfdisk and the image
 * file; detached in a finally. Skipped only where losetup is not permitted (not root, no loop driver).
 */
class LoopDeviceTest {
    @TempDir
    Path tmp;

    private final HostRoot live = HostRoot.of(Path.of("/"));

    private static String attach(Path img, String... extra) throws Exception {
        assumeTrue(Fixtures.available("losetup") && Fixtures.available("sfdisk") && Fixtures.available("partx"),
                "losetup, partx (util-linux) and sfdisk (fdisk) are needed");
        String[] cmd = new String[extra.length + 3];
        cmd[0] = "losetup";
        System.arraycopy(extra, 0, cmd, 1, extra.length);
        cmd[extra.length + 1] = "-f";
        cmd[extra.length + 2] = "--show";
        String[] full = Arrays.copyOf(cmd, cmd.length + 1);
        full[cmd.length] = img.toString();
        Fixtures.Result r = Fixtures.run(null, full);
        assumeTrue(r.rc() == 0, "losetup is not permitted here: " + r.err().trim());
        return r.out().trim();
    }

    private static void detach(String loop) throws Exception {
        Fixtures.run(null, "partx", "-d", loop);
        Fixtures.check(null, "losetup", "-d", loop);
    }

    private Path image(String name, long bytes) throws Exception {
        Path img = tmp.resolve(name);
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
        return img;
    }

    @Test
    void loopDeviceWithPartitions() throws Exception {
        Path img = image("loop.img", 8L << 20);
        Fixtures.check("label: gpt\nlabel-id: 7D1C2B3A-4E5F-4071-8293-A4B5C6D7E8F9\n"
                + "start=2048, size=4096, type=U, name=\"esp\"\nstart=6144, size=2048, type=L, name=\"root\"\n"
                + "start=8192, size=4096, type=S\n", "sfdisk", "-q", img.toString());
        String loop = attach(img);
        try {
            Fixtures.check(null, "partx", "-a", loop);
            String name = loop.substring("/dev/".length());
            BlockIoctls.Sizes s = BlockIoctls.query(loop);
            assertEquals(Long.parseLong(Fixtures.check(null, "blockdev", "--getsize64", loop).trim()), s.sizeBytes());
            assertEquals(Integer.parseInt(Fixtures.check(null, "blockdev", "--getss", loop).trim()),
                    s.logicalSectorSize());
            assertEquals(Integer.parseInt(Fixtures.check(null, "blockdev", "--getpbsz", loop).trim()),
                    s.physicalBlockSize());
            assertEquals(8L << 20, s.sizeBytes());

            Map<String, Object> oracle = Json.parseObject(Fixtures.check(null, "sfdisk", "--json", loop));
            byte[] file = Files.readAllBytes(img);
            try (BlockHandle h = new BlockOpener(live).open(name, OpenMode.READ_WRITE, 0)) {
                assertTrue(h.isBlockDevice());
                assertEquals(512, h.sectorSize());
                assertEquals(s.sizeBytes(), h.sizeBytes());
                assertArrayEquals(Arrays.copyOfRange(file, 0, 1 << 20), h.read(0, 2048), "1 MiB as in the file");
                PartitionTable t = PartitionTables.read(h.asSectorSource()).orElseThrow();
                SfdiskOracle.assertAgrees(oracle, t, loop);
                byte[] sector = new byte[512];
                Arrays.fill(sector, (byte) 0x5A);
                h.write(9000, ByteBuffer.wrap(sector));
                h.flush();
            }
            byte[] after = Files.readAllBytes(img);
            assertArrayEquals(new byte[512], Arrays.copyOfRange(after, 8999 * 512, 9000 * 512));
            assertEquals((byte) 0x5A, after[9000 * 512]);

            List<BlockDeviceInfo> found = new java.util.ArrayList<>();
            new SysfsBlockScanner(live).scanDisk(name, found);
            assertEquals("loop", found.get(0).type());
            assertEquals(s.sizeBytes(), found.get(0).sizeBytes());
            assertEquals(img.toString(), found.get(0).backingFile());
            assertEquals(4, found.size(), found.toString());
            for (int i = 1; i <= 3; i++) {
                BlockDeviceInfo p = found.get(i);
                assertEquals(name + "p" + i, p.name());
                assertEquals(name, p.parent());
            }
            // sizes, starts and flags of the loop device and its partitions agree with lsblk
            Map<String, Object> lsblk = Json.parseObject(Fixtures.check(null, "lsblk", "--json", "-b", "-o",
                    "NAME,MAJ:MIN,RM,RO,SIZE,TYPE,LOG-SEC,PHY-SEC,ROTA,MODEL,SERIAL,WWN,PKNAME,START,TRAN,REV", loop));
            assertEquals(4, SysfsBlockScannerTest.compare(Path.of("/"), lsblk, found, "live", false));
        } finally {
            detach(loop);
        }
    }

    /** Attaching and detaching a loop device registers and unregisters its Device services on the next rescan. */
    @Test
    void hotPlugThroughTheSubsystem() throws Exception {
        Path img = image("hotplug.img", 4L << 20);
        Fixtures.check("label: dos\nlabel-id: 0x0badcafe\nstart=2048, size=2048, type=83\nstart=4096, size=4096, type=c\n",
                "sfdisk", "-q", img.toString());
        BlockSubsystemTest helper = new BlockSubsystemTest();
        BlockSubsystem s = helper.subsystem(live);
        s.rescan();
        String loop = attach(img);
        String name = loop.substring("/dev/".length());
        try {
            Fixtures.check(null, "partx", "-a", loop);
            s.rescan();
            assertTrue(helper.services.containsKey("block:" + name), helper.services.keySet().toString());
            assertEquals("block:" + name, helper.services.get("block:" + name + "p2").get(aegis.hal.api.device.Device.PARENT));
            assertEquals(4096L * 512, helper.devices.get("block:" + name + "p2").properties()
                    .get(aegis.hal.block.BlockProperties.SIZE_BYTES));
            assertEquals(img.toString(), s.device(name).orElseThrow().backingFile());
            assertEquals("dos", s.partitionTable(name, 0).orElseThrow().scheme().label());
        } finally {
            detach(loop);
        }
        s.rescan();
        assertTrue(helper.unregistered.contains("block:" + name + "p1"), helper.unregistered.toString());
        assertTrue(!helper.services.containsKey("block:" + name + "p1"));
        assertEquals(0L, helper.devices.get("block:" + name).properties().get(aegis.hal.block.BlockProperties.SIZE_BYTES),
                "the idle loop device is registered again as empty");
        s.stop();
    }

    /**
     * devfs node I/O of the generic block driver on a real loop device and one of its partitions:
     * reads at unaligned offsets agree with the image file, an unaligned write lands in the file, and
     * the device's sysfs attributes (backing file, partition table) agree with losetup and sfdisk.
     */
    @Test
    void deviceIoThroughTheGenericDriver() throws Exception {
        Path img = image("io.img", 4L << 20);
        Fixtures.check("label: gpt\nlabel-id: 0C1D2E3F-4A5B-4C6D-8E7F-8091A2B3C4D5\n"
                + "start=2048, size=4096, type=L, name=\"data\"\n", "sfdisk", "-q", img.toString());
        byte[] noise = new byte[2 << 20];
        new java.util.Random(11).nextBytes(noise);
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(noise), 1L << 20); // the partition's bytes, so comparisons see data
        }
        String loop = attach(img);
        String name = loop.substring("/dev/".length());
        BlockDriver driver = new BlockDriver(live);
        BlockSubsystemTest helper = new BlockSubsystemTest();
        BlockSubsystem s = helper.subsystem(live);
        List<aegis.hal.api.device.Device> probed = new java.util.ArrayList<>();
        try {
            Fixtures.check(null, "partx", "-a", loop);
            s.rescan();
            aegis.hal.api.device.Device disk = helper.devices.get("block:" + name);
            aegis.hal.api.device.Device part = helper.devices.get("block:" + name + "p1");
            assertEquals("/dev/block/" + name, disk.devfsPath().orElseThrow());

            String dir = "/sys/hal/block/" + name + "/";
            Map<String, Object> sfdisk = Json.parseObject(Fixtures.check(null, "sfdisk", "--json", loop));
            assertEquals(((Map<?, ?>) sfdisk.get("partitiontable")).get("label"),
                    helper.attributes.get(dir + "partition_table").read());
            assertEquals(img.toString(), helper.attributes.get(dir + "backing_file").read());
            assertEquals(Long.parseLong(Fixtures.check(null, "blockdev", "--getsize64", loop).trim()),
                    helper.attributes.get(dir + "size_bytes").read());
            assertEquals(2048L, helper.attributes.get("/sys/hal/block/" + name + "p1/start_sector").read());

            for (aegis.hal.api.device.Device d : List.of(disk, part)) {
                driver.probe(d);
                probed.add(d);
            }
            byte[] file = Files.readAllBytes(img);
            assertEquals(file.length, driver.size(disk));
            assertEquals(4096L * 512, driver.size(part));
            for (long off = 3; off < file.length; off += 100_003) {
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(70_001, file.length - off));
                assertEquals(b.capacity(), driver.read(disk, off, b));
                assertArrayEquals(Arrays.copyOfRange(file, (int) off, (int) off + b.capacity()), b.array(),
                        "disk bytes at " + off);
            }
            ByteBuffer pb = ByteBuffer.allocate(1234);
            assertEquals(1234, driver.read(part, 4321, pb));
            assertArrayEquals(Arrays.copyOfRange(file, 2048 * 512 + 4321, 2048 * 512 + 4321 + 1234), pb.array(),
                    "the partition's node starts at its first sector");
            assertEquals(-1, driver.read(part, 4096L * 512, ByteBuffer.allocate(1)));

            byte[] data = "aegis writes through devfs".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(data.length, driver.write(disk, 3_000_001, ByteBuffer.wrap(data)));
            driver.control(disk, BlockDriver.FLUSH, new byte[0], aegis.hal.capability.api.Permission.ALL);
            byte[] after = Files.readAllBytes(img);
            System.arraycopy(data, 0, file, 3_000_001, data.length);
            assertArrayEquals(file, after, "only the written bytes changed in the image");
            assertEquals(2, driver.openCount());
        } finally {
            for (aegis.hal.api.device.Device d : probed) {
                driver.remove(d);
            }
            s.stop();
            detach(loop);
        }
        assertEquals(0, driver.openCount(), "remove() closed the device");
    }

    /** A loop device with 4096-byte logical sectors: sfdisk writes a 4K GPT; we read it from the device and the file. */
    @Test
    void fourKilobyteSectors() throws Exception {
        Path img = image("4k.img", 16L << 20);
        String loop = attach(img, "-b", "4096");
        Map<String, Object> oracle;
        try {
            BlockIoctls.Sizes s = BlockIoctls.query(loop);
            assumeTrue(s.logicalSectorSize() == 4096, "this kernel's loop driver ignores -b 4096");
            Fixtures.check("label: gpt\nlabel-id: 1A2B3C4D-5E6F-4A0B-8C1D-2E3F4A5B6C7D\n"
                    + "start=256, size=1024, type=L, name=\"four-k\"\nstart=1280, size=512, type=S\n"
                    + "start=2048, size=1024, type=U, attrs=\"RequiredPartition\"\n", "sfdisk", "-q", loop);
            oracle = Json.parseObject(Fixtures.check(null, "sfdisk", "--json", loop));
            assertEquals(4096L, ((Map<?, ?>) oracle.get("partitiontable")).get("sectorsize"));
            try (BlockHandle h = new BlockOpener(live).open(loop, OpenMode.READ, 0)) {
                assertEquals(4096, h.sectorSize());
                assertEquals(4096, h.sectorCount());
                SfdiskOracle.assertAgrees(oracle, PartitionTables.read(h.asSectorSource()).orElseThrow(), loop);
            }
        } finally {
            detach(loop);
        }
        byte[] file = Files.readAllBytes(img);
        assertEquals(4096, PartitionTables.guessSectorSize(file));
        SfdiskOracle.assertAgrees(oracle, PartitionTables.read(SectorSource.of(file, 4096)).orElseThrow(), "4k.img");
        try (BlockHandle h = new BlockOpener(live).open(img.toString(), OpenMode.READ, 0)) {
            assertEquals(4096, h.sectorSize(), "the image's sector size is guessed from its GPT");
        }
    }
}
