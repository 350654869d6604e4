package aegis.hal.uefi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.uefi.model.SignatureList;
import aegis.hal.uefi.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureListsTest {
    private static final String OWNER = "11111111-2222-3333-4444-555555555555";

    private static byte[] shaList(int declaredSize, int sigSize, int count) {
        Fixtures.Bytes b = Fixtures.b().guid("c1c41626-504c-4092-aca9-41f936934328").u32(declaredSize).u32(0).u32(sigSize);
        for (int i = 0; i < count; i++) {
            b.guid(OWNER).raw(new byte[sigSize - 16]);
        }
        return b.bytes();
    }

    @Test
    void emptyDataIsNoLists() throws Exception {
        assertEquals(List.of(), SignatureLists.decode(new byte[0]));
    }

    @Test
    void sha256ListKeepsTheHashAndOwner() throws Exception {
        List<SignatureList> l = SignatureLists.decode(shaList(28 + 2 * 48, 48, 2));
        assertEquals(1, l.size());
        assertEquals("EFI_CERT_SHA256", l.get(0).typeName().orElseThrow());
        assertEquals(2, l.get(0).entries().size());
        assertEquals(OWNER, l.get(0).entries().get(0).owner().toString());
        assertEquals("00".repeat(32), l.get(0).entries().get(0).sha256());
    }

    @Test
    void wrongSizesAreBadFormatAtTheField() {
        EfiFormatException past = assertThrows(EfiFormatException.class, () -> SignatureLists.decode(shaList(500, 48, 1)));
        assertEquals(16, past.offset());
        EfiFormatException small = assertThrows(EfiFormatException.class, () -> SignatureLists.decode(shaList(20, 48, 0)));
        assertEquals(16, small.offset());
        EfiFormatException div = assertThrows(EfiFormatException.class, () -> SignatureLists.decode(Fixtures.cat(shaList(28 + 50, 48, 1), new byte[2])));
        assertEquals(24, div.offset());
        assertTrue(div.getMessage().contains("does not divide"), div.getMessage());
        assertThrows(EfiFormatException.class, () -> SignatureLists.decode(new byte[27]));
        assertThrows(EfiFormatException.class, () -> SignatureLists.decode(shaList(28 + 8, 8, 0)));
    }

    @Test
    void x509EntryThatIsNotACertificateIsReportedPerEntry() throws Exception {
        byte[] b = Fixtures.b().guid("a5c059a1-94e4-4aa7-87b5-ab155c2bf072").u32(28 + 20).u32(0).u32(20).guid(OWNER)
                .u32(0x12345678).bytes();
        SignatureList l = SignatureLists.decode(b).get(0);
        assertTrue(l.entries().get(0).error().isPresent());
        assertTrue(l.entries().get(0).x509Subject().isEmpty());
    }
}
