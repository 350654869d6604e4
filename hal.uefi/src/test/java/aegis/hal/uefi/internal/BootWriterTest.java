package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.uefi.codec.DevicePathText;
import aegis.hal.uefi.internal.jna.JnaFiles;
import aegis.hal.uefi.testing.Fixtures;
import aegis.hal.uefi.testing.Fixtures.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes on temporary copies of the fixture store: each operation gives the same bytes as
 * efibootmgr doing the same on another copy, and efibootmgr reads back what was written here.
 */
class BootWriterTest {
    private static EfiStore writable(Path efivars) {
        return new EfiStore(efivars, JnaFiles::load);
    }

    private static Path copy(Path tmp, String name) throws Exception {
        return Fixtures.copyQ35(tmp.resolve(name)).resolve("sys/firmware/efi/efivars");
    }

    private static void efibootmgr(Path efivars, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "efibootmgr";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Optional<ToolResult> r = Fixtures.runTool(efivars, cmd);
        assumeTrue(r.isPresent(), "efibootmgr is not installed");
        assertEquals(0, r.get().rc(), r.get().err());
    }

    private static void assertSameStore(Path theirs, Path ours) throws Exception {
        Map<String, byte[]> a = Fixtures.snapshot(theirs);
        Map<String, byte[]> b = Fixtures.snapshot(ours);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void bootOrderIsWrittenAsEfibootmgrWritesIt(@TempDir Path tmp) throws Exception {
        Path theirs = copy(tmp, "theirs");
        Path ours = copy(tmp, "ours");
        efibootmgr(theirs, "-o", "0000,0001");
        new BootWriter(writable(ours)).setBootOrder(List.of(0, 1));
        assertSameStore(theirs, ours);
    }

    @Test
    void bootNextIsWrittenAsEfibootmgrWritesIt(@TempDir Path tmp) throws Exception {
        Path theirs = copy(tmp, "theirs");
        Path ours = copy(tmp, "ours");
        efibootmgr(theirs, "-n", "0000");
        new BootWriter(writable(ours)).setBootNext(0);
        assertSameStore(theirs, ours);
        assertEquals(EfibootmgrAgreementTest.efibootmgr(ours).out(),
                Texts.efibootmgr(new UefiReader(writable(ours)).bootManager()));
    }

    @Test
    void deleteIsDoneAsEfibootmgrDoesIt(@TempDir Path tmp) throws Exception {
        Path theirs = copy(tmp, "theirs");
        Path ours = copy(tmp, "ours");
        efibootmgr(theirs, "-b", "0001", "-B");
        new BootWriter(writable(ours)).delete(1);
        // efibootmgr opens an existing variable without O_TRUNC (efivarfs replaces it on write);
        // on a plain-file copy its shorter BootOrder leaves the old tail behind. It wrote the
        // same bytes as this code, which truncates off efivarfs.
        Path order = Path.of("BootOrder-" + Fixtures.GLOBAL);
        byte[] theirOrder = Files.readAllBytes(theirs.resolve(order));
        byte[] ourOrder = Files.readAllBytes(ours.resolve(order));
        assertArrayEquals(java.util.Arrays.copyOf(theirOrder, ourOrder.length), ourOrder);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 0, 0}, ourOrder);
        Files.write(theirs.resolve(order), ourOrder);
        assertSameStore(theirs, ours);
        // deleting the last entry of BootOrder deletes BootOrder, as efibootmgr does
        efibootmgr(theirs, "-b", "0000", "-B");
        new BootWriter(writable(ours)).delete(0);
        assertSameStore(theirs, ours);
    }

    /** The capture's efibootmgr -c, replayed on the pre-creation store, gives the captured bytes. */
    @Test
    void createOnThePreCreationStoreGivesTheCapturedStore(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp.resolve("pre"));
        Fixtures.toPreCreation(root);
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        String path = Fixtures.oracle("efibootmgr-v.txt").get(3).split("\t")[1];
        int n = new BootWriter(writable(efivars)).create("Linux Boot Manager", DevicePathText.parse(path), new byte[0], true);
        assertEquals(1, n);
        assertSameStore(Fixtures.q35Efivars(), efivars);
        assertEquals(String.join("\n", Fixtures.oracle("efibootmgr-v.txt")) + "\n",
                EfibootmgrAgreementTest.efibootmgr(efivars).out());
    }

    @Test
    void createdEntriesReadBackIdenticallyWithEfibootmgr(@TempDir Path tmp) throws Exception {
        Path efivars = copy(tmp, "rt");
        BootWriter w = new BootWriter(writable(efivars));
        w.create("Disk MBR", DevicePathText.parse("PciRoot(0x0)/Pci(0x1f,0x2)/HD(2,MBR,0x5a7a0001,0x3f,0x800)/File(\\boot.efi)"),
                new byte[0], true);
        w.create("Firmware app", DevicePathText.parse("FvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)"),
                new byte[] {'-', '-', 'x'}, false);
        w.setBootNext(2);
        String ours = Texts.efibootmgr(new UefiReader(writable(efivars)).bootManager());
        ToolResult live = EfibootmgrAgreementTest.efibootmgr(efivars);
        assertEquals(live.out(), ours);
        assertEquals("BootNext: 0002", live.lines().get(0));
        assertEquals("BootOrder: 0003,0002,0001,0000", live.lines().get(2));
    }

    @Test
    void badRequestsChangeNothing(@TempDir Path tmp) throws Exception {
        Path efivars = copy(tmp, "bad");
        Map<String, byte[]> before = Fixtures.snapshot(efivars);
        BootWriter w = new BootWriter(writable(efivars));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> w.setBootOrder(List.of(1, 5))).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> w.setBootOrder(List.of(1, 1))).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> w.setBootOrder(List.of())).code());
        HalException nf = assertThrows(HalException.class, () -> w.delete(5));
        assertEquals(ErrorCode.NOT_FOUND, nf.code());
        assertEquals("there is no Boot0005", nf.getMessage());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> w.setBootNext(0x22)).code());
        assertEquals(ErrorCode.BAD_FORMAT, assertThrows(HalException.class,
                () -> w.create("x", new byte[] {1, 2, 3}, new byte[0], true)).code());
        Map<String, byte[]> after = Fixtures.snapshot(efivars);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        assertEquals(false, Files.exists(efivars.resolve("BootNext-" + Fixtures.GLOBAL)));
    }
}
