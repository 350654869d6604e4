package aegis.hal.block.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockProperties;
import aegis.hal.block.testing.Fixtures;
import aegis.hal.capability.api.Permission;

/**
 * devfs node I/O of the generic block driver ({@code DeviceIo}) on a host tree whose device node is an
 * image file (the recorded qemu-q35 sysfs with {@code /dev/vda} = {@code gpt-3part.img}): byte offsets
 * at any alignment against the image's bytes, bounds, read-only devices, release on remove.
 */
class BlockDriverIoTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path node;
    private final BlockSubsystemTest helper = new BlockSubsystemTest();

    private Device vda(String image) throws Exception {
        root = tmp.resolve("host");
        BlockSubsystemTest.copyTree(Fixtures.host("qemu-q35").resolve("sys"), root.resolve("sys"));
        Files.createDirectories(root.resolve("dev"));
        node = root.resolve("dev/vda");
        Files.copy(Fixtures.image(image), node);
        return BlockSubsystem.device(new SysfsBlockScanner(HostRoot.of(root)).find("vda").orElseThrow());
    }

    private static byte[] read(BlockDriver d, Device dev, long offset, int len) throws HalException {
        ByteBuffer b = ByteBuffer.allocate(len);
        int n = d.read(dev, offset, b);
        assertEquals(len, n, "read " + len + " at " + offset);
        assertEquals(len, b.position());
        return b.array();
    }

    @Test
    void readsAndWritesAtAnyOffsetLikeTheImageFile() throws Exception {
        Device vda = vda("gpt-3part.img");
        byte[] file = Files.readAllBytes(node);
        BlockDriver d = new BlockDriver(HostRoot.of(root));
        d.probe(vda);
        assertEquals(0, d.openCount(), "opened on the first I/O, not at probe");
        assertEquals(file.length, d.size(vda));
        assertEquals(1, d.openCount());

        // whole sectors, one byte, a span across sector boundaries, the last bytes
        for (long[] r : new long[][] {{0, 512}, {512, 4096}, {1, 1}, {511, 2}, {1000, 3000}, {4095, 4098},
            {file.length - 7, 7}, {file.length - 512, 512}, {0, file.length}}) {
            int off = (int) r[0];
            int len = (int) r[1];
            assertArrayEquals(Arrays.copyOfRange(file, off, off + len), read(d, vda, off, len), off + "+" + len);
        }
        // a direct buffer with a position: bytes land after it
        ByteBuffer direct = ByteBuffer.allocateDirect(2000);
        direct.position(100);
        assertEquals(1900, d.read(vda, 777, direct));
        direct.flip().position(100);
        byte[] got = new byte[1900];
        direct.get(got);
        assertArrayEquals(Arrays.copyOfRange(file, 777, 777 + 1900), got);
        // a request past the end is shortened; at the end: -1; beyond: an error
        ByteBuffer tail = ByteBuffer.allocate(100);
        assertEquals(10, d.read(vda, file.length - 10, tail));
        assertEquals(-1, d.read(vda, file.length, ByteBuffer.allocate(1)));
        HalException e = assertThrows(HalException.class, () -> d.read(vda, file.length + 1, ByteBuffer.allocate(1)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("/dev/block/vda: "), e.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(HalException.class, () -> d.read(vda, -1, ByteBuffer.allocate(1))).code());

        // unaligned writes patch only their bytes (read-modify-write of the partial sectors)
        byte[] expected = file.clone();
        Random rnd = new Random(42);
        for (long[] w : new long[][] {{3, 5}, {510, 4}, {1000, 3000}, {8192, 1024}, {file.length - 3, 3}}) {
            byte[] data = new byte[(int) w[1]];
            rnd.nextBytes(data);
            assertEquals(data.length, d.write(vda, w[0], ByteBuffer.wrap(data)));
            System.arraycopy(data, 0, expected, (int) w[0], data.length);
        }
        assertEquals(0, d.control(vda, BlockDriver.FLUSH, new byte[0], Permission.mask(Permission.WRITE)).length);
        assertArrayEquals(expected, Files.readAllBytes(node), "the image holds exactly the written bytes");
        assertArrayEquals(Arrays.copyOfRange(expected, 990, 4100), read(d, vda, 990, 3110), "read back");

        // a write that would leave the device changes nothing
        byte[] before = Files.readAllBytes(node);
        e = assertThrows(HalException.class, () -> d.write(vda, file.length - 2, ByteBuffer.wrap(new byte[3])));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("nothing written"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(node));
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> d.control(vda, BlockDriver.FLUSH, new byte[0], Permission.mask(Permission.EXECUTE))).code());
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(HalException.class,
                () -> d.control(vda, "trim", new byte[0], Permission.ALL)).code());

        d.remove(vda);
        assertEquals(0, d.openCount());
        assertEquals(ErrorCode.DEVICE_GONE, assertThrows(HalException.class, () -> d.size(vda)).code());
        assertEquals(ErrorCode.DEVICE_GONE,
                assertThrows(HalException.class, () -> d.read(vda, 0, ByteBuffer.allocate(1))).code());
    }

    /** An image with 4096-byte sectors: the sector size is guessed from its GPT, offsets still any. */
    @Test
    void fourKilobyteSectorImage() throws Exception {
        Path img = tmp.resolve("4k.img");
        byte[] data = new byte[256 * 1024];
        new Random(7).nextBytes(data);
        // a GPT signature at byte 4096 makes the opener use 4096-byte sectors
        System.arraycopy("EFI PART".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, data, 4096, 8);
        Files.write(img, data);
        root = tmp.resolve("host4k");
        BlockSubsystemTest.copyTree(Fixtures.host("qemu-q35").resolve("sys"), root.resolve("sys"));
        Files.createDirectories(root.resolve("dev"));
        Files.copy(img, root.resolve("dev/vda"));
        Device vda = BasicDevice.builder("block:vda", DeviceClass.BLOCK).devfsPath("/dev/block/vda")
                .property(BlockProperties.NAME, "vda").build();
        BlockDriver d = new BlockDriver(HostRoot.of(root));
        d.probe(vda);
        assertEquals(data.length, d.size(vda));
        assertArrayEquals(Arrays.copyOfRange(data, 4000, 9000), read(d, vda, 4000, 5000));
        d.write(vda, 4097, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        d.remove(vda);
        byte[] after = Files.readAllBytes(root.resolve("dev/vda"));
        assertArrayEquals(new byte[] {data[4096], 1, 2, 3, data[4100]}, Arrays.copyOfRange(after, 4096, 4101));
    }

    @Test
    void readOnlyDeviceRefusesWritesAndMissingNodeIsNamed() throws Exception {
        vda("gpt-3part.img");
        Device ro = BasicDevice.builder("block:vda", DeviceClass.BLOCK).devfsPath("/dev/block/vda")
                .property(BlockProperties.READ_ONLY, true).build();
        BlockDriver d = new BlockDriver(HostRoot.of(root));
        d.probe(ro);
        assertEquals(Files.size(node), d.size(ro));
        HalException e = assertThrows(HalException.class, () -> d.write(ro, 0, ByteBuffer.wrap(new byte[1])));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("/dev/block/vda"), e.getMessage());
        d.remove(ro);

        Files.delete(node);
        Device gone = BasicDevice.builder("block:vda", DeviceClass.BLOCK).devfsPath("/dev/block/vda").build();
        d.probe(gone);
        e = assertThrows(HalException.class, () -> d.read(gone, 0, ByteBuffer.allocate(1)));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().startsWith("/dev/block/vda: ") && e.getMessage().contains("/dev/vda"),
                e.getMessage());
        d.remove(gone);
    }

    /** On the CI machine the host refuses /dev/vda even to root: the node's I/O says so, naming it. */
    @Test
    void liveDeviceTheHostRefusesIsAClearIoError() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/block/vda")), "no /dev/vda on this host");
        HostRoot live = HostRoot.of(Path.of("/"));
        BlockSubsystem s = helper.subsystem(live);
        Device vda = BlockSubsystem.device(s.device("vda").orElseThrow());
        s.stop();
        BlockDriver d = new BlockDriver(live);
        d.probe(vda);
        try {
            long size = d.size(vda);
            assertEquals(vda.properties().get(BlockProperties.SIZE_BYTES), size, "the host lets us open /dev/vda");
        } catch (HalException e) {
            assertEquals(ErrorCode.IO, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("/dev/block/vda: ") && e.getMessage().contains("/dev/vda"),
                    e.getMessage());
        } finally {
            d.remove(vda);
        }
    }
}
