package aegis.hal.uefi.codec;

import aegis.hal.uefi.model.SignatureEntry;
import aegis.hal.uefi.model.SignatureList;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decodes a sequence of {@code EFI_SIGNATURE_LIST} (UEFI 2.10, 32.4.1) as found in PK, KEK, db and
 * dbx: type GUID, list size, header size, signature size (u32 each), the header, then signatures
 * of owner GUID plus data. X.509 subjects and SHA-256 hashes come from {@code java.security}.
 * Stateless, thread-safe.
 */
public final class SignatureLists {
    private static final String WHAT = "EFI_SIGNATURE_LIST";
    private static final int MAX_ENTRIES = 100_000;

    private SignatureLists() {
    }

    /**
     * Decodes all lists in the data.
     *
     * @param b the variable data (without the efivarfs attribute header)
     * @return the lists
     * @throws EfiFormatException if a list header is truncated, a list size is smaller than its
     *                            header or runs past the data, a signature size is smaller than 16,
     *                            or the signatures do not fill the list exactly
     */
    public static List<SignatureList> decode(byte[] b) throws EfiFormatException {
        List<SignatureList> lists = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            Le.need(b, p, 28, WHAT + " header");
            UUID type = Guids.readUnchecked(b, p);
            long listSize = Le.u32(b, p + 16);
            long headerSize = Le.u32(b, p + 20);
            long sigSize = Le.u32(b, p + 24);
            if (listSize < 28 + headerSize) {
                throw new EfiFormatException(WHAT, p + 16, "list size " + listSize + " is smaller than 28 + header size "
                        + headerSize);
            }
            if (listSize > b.length - p) {
                throw new EfiFormatException(WHAT, p + 16, "list size " + listSize + " runs past the data ("
                        + (b.length - p) + " bytes left)");
            }
            if (sigSize < 16) {
                throw new EfiFormatException(WHAT, p + 24, "signature size " + sigSize + " is smaller than the owner GUID");
            }
            long body = listSize - 28 - headerSize;
            if (body % sigSize != 0) {
                throw new EfiFormatException(WHAT, p + 24, "signature size " + sigSize + " does not divide the "
                        + body + " bytes of signatures");
            }
            long count = body / sigSize;
            if (count > MAX_ENTRIES) {
                throw new EfiFormatException(WHAT, p + 24, count + " signatures is more than " + MAX_ENTRIES);
            }
            List<SignatureEntry> entries = new ArrayList<>();
            int s = (int) (p + 28 + headerSize);
            for (long i = 0; i < count; i++, s += (int) sigSize) {
                UUID owner = Guids.readUnchecked(b, s);
                byte[] data = Arrays.copyOfRange(b, s + 16, s + (int) sigSize);
                entries.add(entry(type, owner, data));
            }
            lists.add(new SignatureList(type, Guids.name(type), (int) sigSize, entries));
            p += (int) listSize;
        }
        return lists;
    }

    private static SignatureEntry entry(UUID type, UUID owner, byte[] data) {
        if (type.equals(Guids.CERT_SHA256) && data.length == 32) {
            return new SignatureEntry(owner, Le.hex(data, 0, 32), Optional.empty(), Optional.empty());
        }
        String sha = sha256(data);
        if (type.equals(Guids.CERT_X509)) {
            try {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(data));
                return new SignatureEntry(owner, sha, Optional.of(c.getSubjectX500Principal().getName()), Optional.empty());
            } catch (CertificateException | RuntimeException e) {
                return new SignatureEntry(owner, sha, Optional.empty(), Optional.of("not an X.509 certificate: " + e.getMessage()));
            }
        }
        return new SignatureEntry(owner, sha, Optional.empty(), Optional.empty());
    }

    /**
     * @param data bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            return Le.hex(d, 0, d.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
