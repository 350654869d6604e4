package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.SignatureDatabase;
import aegis.hal.uefi.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad variables in a store are reported per item; the rest still reads. */
class UefiReaderTest {
    @Test
    void badBootVariablesAreReportedPerEntry(@TempDir Path tmp) throws Exception {
        Path efivars = Fixtures.copyQ35(tmp).resolve("sys/firmware/efi/efivars");
        Files.write(efivars.resolve("Boot0002-" + Fixtures.GLOBAL), new byte[] {7, 0}); // truncated header
        Files.write(efivars.resolve("Boot0003-" + Fixtures.GLOBAL), new byte[] {7, 0, 0, 0}); // attributes only
        Fixtures.writeVariable(efivars, "Boot0004", Fixtures.GLOBAL, 7,
                Fixtures.b().u32(1).u16(4).u16('a').u8('b').bytes()); // odd-length description
        BootManager bm = new UefiReader(EfibootmgrAgreementTest.store(efivars)).bootManager();
        List<BootEntry> e = bm.entries();
        assertEquals(5, e.size());
        assertTrue(e.get(0).option().isPresent());
        assertTrue(e.get(2).error().orElseThrow().contains("fewer than the 4-byte attribute header"), e.get(2).error().get());
        assertTrue(e.get(3).error().orElseThrow().contains("EFI_LOAD_OPTION header at byte 0"), e.get(3).error().get());
        assertTrue(e.get(4).error().orElseThrow().contains("odd length"), e.get(4).error().get());
        String text = Texts.efibootmgr(bm);
        assertTrue(text.contains("Boot0003   <bad entry: "), text);
    }

    @Test
    void oddLengthBootOrderIsABadFormat(@TempDir Path tmp) throws Exception {
        Path efivars = Fixtures.copyQ35(tmp).resolve("sys/firmware/efi/efivars");
        Fixtures.writeVariable(efivars, "BootOrder", Fixtures.GLOBAL, 7, new byte[] {1, 0, 0});
        HalException ex = assertThrows(HalException.class, () -> new UefiReader(EfibootmgrAgreementTest.store(efivars)).bootManager());
        assertEquals(ErrorCode.BAD_FORMAT, ex.code());
    }

    @Test
    void signatureListWithWrongSizesIsReportedOnItsDatabase(@TempDir Path tmp) throws Exception {
        Path efivars = Fixtures.copyQ35(tmp).resolve("sys/firmware/efi/efivars");
        Fixtures.writeVariable(efivars, "KEK", Fixtures.GLOBAL, 0x27, Fixtures.b().guid(Guids.CERT_SHA256.toString())
                .u32(1000).u32(0).u32(48).bytes());
        List<SignatureDatabase> dbs = new UefiReader(EfibootmgrAgreementTest.store(efivars)).secureBoot().databases();
        assertTrue(dbs.get(1).present());
        assertTrue(dbs.get(1).error().orElseThrow().contains("EFI_SIGNATURE_LIST at byte 16"), dbs.get(1).error().get());
        assertTrue(Texts.secureBoot(new UefiReader(EfibootmgrAgreementTest.store(efivars)).secureBoot())
                .contains("KEK: undecodable"));
    }
}
