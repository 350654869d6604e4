package aegis.hal.uefi.model;

/**
 * One node of a UEFI device path.
 *
 * @param type     the node type (1 hardware, 2 ACPI, 3 messaging, 4 media, 5 BIOS boot spec, 0x7f end)
 * @param subType  the node sub-type
 * @param typeName the name of the type ({@code HARDWARE}, {@code ACPI}, {@code MESSAGING},
 *                 {@code MEDIA}, {@code BBS}, {@code END}, or {@code UNKNOWN})
 * @param text     the node in the text form of {@code efibootmgr -v} (for example
 *                 {@code HD(1,GPT,...,0x800,0x8000)}); a raw form such as {@code Msg(96,09)} or
 *                 {@code Path(51,68,010203)} when the node is not decoded
 * @param dataHex  the node data after its 4-byte header, in lower-case hex
 */
public record DevicePathNode(int type, int subType, String typeName, String text, String dataHex) {
    /** Device path type: end of a path or of an instance. */
    public static final int TYPE_END = 0x7f;

    /** @return whether this is an end node (of the entire path or of one instance) */
    public boolean isEnd() {
        return type == TYPE_END;
    }
}
