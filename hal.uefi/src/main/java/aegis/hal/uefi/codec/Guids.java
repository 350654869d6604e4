package aegis.hal.uefi.codec;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * EFI GUIDs: conversion between the mixed-endian {@code EFI_GUID} layout and {@link UUID}, and the
 * names of the well-known vendor and signature-type GUIDs. Stateless and thread-safe.
 */
public final class Guids {
    /** {@code EFI_GLOBAL_VARIABLE}: Boot####, BootOrder, SecureBoot, PK, KEK, ... */
    public static final UUID GLOBAL = UUID.fromString("8be4df61-93ca-11d2-aa0d-00e098032b8c");
    /** {@code EFI_IMAGE_SECURITY_DATABASE_GUID}: db, dbx, dbt, dbr. */
    public static final UUID IMAGE_SECURITY_DATABASE = UUID.fromString("d719b2cb-3d3a-4596-a3bc-dad00e67656f");
    /** shim's vendor GUID: MokList, MokSBStateRT, ... */
    public static final UUID SHIM_LOCK = UUID.fromString("605dab50-e046-4300-abb6-3dd810dd8b23");
    /** {@code EFI_CERT_SHA256_GUID}: a signature list of SHA-256 hashes. */
    public static final UUID CERT_SHA256 = UUID.fromString("c1c41626-504c-4092-aca9-41f936934328");
    /** {@code EFI_CERT_X509_GUID}: a signature list of DER X.509 certificates. */
    public static final UUID CERT_X509 = UUID.fromString("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");

    private static final Map<UUID, String> NAMES = Map.ofEntries(
            Map.entry(GLOBAL, "EFI_GLOBAL_VARIABLE"),
            Map.entry(IMAGE_SECURITY_DATABASE, "EFI_IMAGE_SECURITY_DATABASE"),
            Map.entry(SHIM_LOCK, "SHIM_LOCK"),
            Map.entry(UUID.fromString("4c19049f-4137-4dd3-9c10-8b97a83ffdfa"), "EFI_MEMORY_TYPE_INFORMATION"),
            Map.entry(UUID.fromString("eb704011-1402-11d3-8e77-00a0c969723b"), "MTC_VENDOR"),
            Map.entry(UUID.fromString("04b37fe8-f6ae-480b-bdd5-37d98c5e89aa"), "EDKII_VAR_ERROR_FLAG"),
            Map.entry(UUID.fromString("d9bee56e-75dc-49d9-b4d7-b534210f637a"), "EFI_CERT_DB"),
            Map.entry(UUID.fromString("4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"), "LOADER_INTERFACE (systemd-boot)"),
            Map.entry(CERT_SHA256, "EFI_CERT_SHA256"),
            Map.entry(CERT_X509, "EFI_CERT_X509"),
            Map.entry(UUID.fromString("3c5766e8-269c-4e34-aa14-ed776e85b3b6"), "EFI_CERT_RSA2048"),
            Map.entry(UUID.fromString("e2b36190-879b-4a3d-ad8d-f2e7bba32784"), "EFI_CERT_RSA2048_SHA256"),
            Map.entry(UUID.fromString("826ca512-cf10-4ac9-b187-be01496631bd"), "EFI_CERT_SHA1"),
            Map.entry(UUID.fromString("0b6e5233-a65c-44c9-9407-d9ab83bfc8bd"), "EFI_CERT_SHA224"),
            Map.entry(UUID.fromString("ff3e5307-9fd0-48c9-85f1-8ad56c701e01"), "EFI_CERT_SHA384"),
            Map.entry(UUID.fromString("093e0fae-a6c4-4f50-9f1b-d41e2b89c19a"), "EFI_CERT_SHA512"),
            Map.entry(UUID.fromString("3bd2a492-96c0-4079-b420-fcf98ef103ed"), "EFI_CERT_X509_SHA256"),
            Map.entry(UUID.fromString("7076876e-80c2-4ee6-aad2-28b349a6865b"), "EFI_CERT_X509_SHA384"),
            Map.entry(UUID.fromString("446dbf63-2502-4cda-bcfa-2465d2b0fe9d"), "EFI_CERT_X509_SHA512"),
            Map.entry(UUID.fromString("4aafd29d-68df-49ee-8aa9-347d375665a7"), "EFI_CERT_TYPE_PKCS7"));

    private Guids() {
    }

    /**
     * Reads an {@code EFI_GUID} (u32, u16, u16 little-endian, then 8 bytes).
     *
     * @param b   the bytes
     * @param off where the GUID starts
     * @return the GUID
     * @throws EfiFormatException if fewer than 16 bytes are left
     */
    public static UUID read(byte[] b, int off) throws EfiFormatException {
        Le.need(b, off, 16, "EFI_GUID");
        return readUnchecked(b, off);
    }

    static UUID readUnchecked(byte[] b, int off) {
        long msb = Le.u32(b, off) << 32 | (long) Le.u16(b, off + 4) << 16 | Le.u16(b, off + 6);
        long lsb = Le.u64be(b, off + 8);
        return new UUID(msb, lsb);
    }

    /**
     * @param guid a GUID
     * @return its 16 bytes in {@code EFI_GUID} layout
     */
    public static byte[] toBytes(UUID guid) {
        byte[] b = new byte[16];
        long msb = guid.getMostSignificantBits();
        Le.put32(b, 0, msb >>> 32);
        Le.put16(b, 4, (int) (msb >>> 16));
        Le.put16(b, 6, (int) msb);
        long lsb = guid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }

    /**
     * @param guid a GUID
     * @return its well-known name, if it has one
     */
    public static Optional<String> name(UUID guid) {
        return Optional.ofNullable(NAMES.get(guid));
    }
}
