package aegis.hal.block.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.OpenMode;
import aegis.hal.block.partition.PartitionTables;
import aegis.hal.block.testing.Fixtures;
import aegis.hal.block.testing.SfdiskOracle;

/** Sector handles on image files: bounds, modes, closing, and the clear errors for what cannot be opened. */
class BlockOpenerTest {
    @TempDir
    Path tmp;

    private final BlockOpener live = new BlockOpener(HostRoot.of(Path.of("/")));

    private Path copy(String image) throws Exception {
        Path p = tmp.resolve(image);
        Files.copy(Fixtures.image(image), p);
        return p;
    }

    @Test
    void readsWholeSectorsOfAnImageLikeAFileChannel() throws Exception {
        Path img = copy("gpt-3part.img");
        byte[] all = Files.readAllBytes(img);
        try (BlockHandle h = live.open(img.toString(), OpenMode.READ, 0)) {
            assertFalse(h.isBlockDevice());
            assertEquals(512, h.sectorSize());
            assertEquals(2048, h.sectorCount());
            assertEquals(all.length, h.sizeBytes());
            assertArrayEquals(Arrays.copyOfRange(all, 512 * 2040, 512 * 2048), h.read(2040, 8));
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            h.read(1, buf);
            buf.flip();
            byte[] got = new byte[4096];
            buf.get(got);
            assertArrayEquals(Arrays.copyOfRange(all, 512, 512 + 4096), got);
            SfdiskOracle.assertAgrees(Fixtures.json(Fixtures.image("oracle/gpt-3part.sfdisk.json")),
                    PartitionTables.read(h.asSectorSource()).orElseThrow(), "via handle");
        }
    }

    @Test
    void boundsAreCheckedBeforeTheHost() throws Exception {
        Path img = copy("mbr-ext-2log.img");
        try (BlockHandle h = live.open(img.toString(), OpenMode.READ_WRITE, 512)) {
            HalException e = assertThrows(HalException.class, () -> h.read(2047, 2));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("2047..2048") && e.getMessage().contains("0..2047"), e.getMessage());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> h.read(-1, 1)).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT,
                    assertThrows(HalException.class, () -> h.read(Long.MAX_VALUE, 1)).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT,
                    assertThrows(HalException.class, () -> h.read(0, ByteBuffer.allocate(100))).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT,
                    assertThrows(HalException.class, () -> h.write(2048, ByteBuffer.allocate(512))).code());
            byte[] sector = new byte[512];
            Arrays.fill(sector, (byte) 0xA5);
            h.write(2047, ByteBuffer.wrap(sector));
            h.flush();
            assertArrayEquals(sector, h.read(2047, 1));
        }
        byte[] after = Files.readAllBytes(img);
        assertEquals((byte) 0xA5, after[after.length - 1]);
        assertEquals(2048 * 512, after.length, "a write never grows the image");
    }

    @Test
    void readOnlyAndClosedHandlesRefuse() throws Exception {
        Path img = copy("gpt-3part.img");
        BlockHandle h = live.open(img.toString(), OpenMode.READ, 0);
        HalException e = assertThrows(HalException.class, () -> h.write(0, ByteBuffer.allocate(512)));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        h.close();
        h.close();
        assertEquals(ErrorCode.CONFLICT, assertThrows(HalException.class, () -> h.read(0, 1)).code());
        assertEquals(ErrorCode.CONFLICT, assertThrows(HalException.class, h::flush).code());
    }

    @Test
    void explicitSectorSizeAndBadOnes() throws Exception {
        Path img = copy("gpt-3part.img");
        try (BlockHandle h = live.open(img.toString(), OpenMode.READ, 4096)) {
            assertEquals(256, h.sectorCount());
        }
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(HalException.class, () -> live.open(img.toString(), OpenMode.READ, 1000)).code());
    }

    @Test
    void unknownTargetsAreNotFound() {
        HalException e = assertThrows(HalException.class, () -> live.open(tmp.resolve("nope.img").toString(),
                OpenMode.READ, 0));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("nope.img"));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class,
                () -> live.open("/dev/block/nosuchdisk9", OpenMode.READ, 0)).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class,
                () -> live.open("/dev/block/../sda", OpenMode.READ, 0)).code());
    }

    @Test
    void recordedTreeHasNoDeviceNodes() {
        BlockOpener fixture = new BlockOpener(HostRoot.of(Fixtures.host("qemu-nvme")));
        HalException e = assertThrows(HalException.class, () -> fixture.open("nvme0n1", OpenMode.READ, 0));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("/dev/nvme0n1") && e.getMessage().contains("no device nodes"),
                e.getMessage());
    }

    @Test
    void directoriesAreRefused() {
        assertEquals(ErrorCode.UNSUPPORTED,
                assertThrows(HalException.class, () -> live.open(tmp.toString(), OpenMode.READ, 0)).code());
    }

    /**
     * On the CI machine /dev/vda cannot be opened, even by root (EPERM). That must be a clear IO error
     * naming the device and the errno, not a stack trace. Skipped where /dev/vda is absent or opens.
     */
    @Test
    void lockedDiskIsAClearError() throws Exception {
        Path vda = Path.of("/dev/vda");
        assumeTrue(Files.exists(vda), "no /dev/vda on this machine");
        boolean refused;
        try (FileChannel ch = FileChannel.open(vda, StandardOpenOption.READ)) {
            refused = ch.size() < 0;
        } catch (FileSystemException e) {
            refused = String.valueOf(e.getReason()).contains("Operation not permitted");
        }
        assumeTrue(refused, "/dev/vda opens on this machine (it is locked only on the Firecracker VMs)");
        for (String target : new String[] {"vda", "/dev/vda", "/dev/block/vda"}) {
            HalException e = assertThrows(HalException.class, () -> live.open(target, OpenMode.READ, 0));
            assertEquals(ErrorCode.IO, e.code());
            assertTrue(e.getMessage().contains("/dev/vda") && e.getMessage().contains("EPERM"), e.getMessage());
        }
    }
}
