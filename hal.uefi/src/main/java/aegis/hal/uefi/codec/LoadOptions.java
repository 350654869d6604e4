package aegis.hal.uefi.codec;

import aegis.hal.uefi.model.DevicePathNode;
import aegis.hal.uefi.model.LoadOption;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Decodes and encodes {@code EFI_LOAD_OPTION} (UEFI 2.10, 3.1.3): attributes (u32), file path
 * list length (u16), a NUL-terminated UCS-2 description, the device path list, optional data.
 * Plain Java over bytes, stateless, thread-safe.
 */
public final class LoadOptions {
    /** {@code LOAD_OPTION_ACTIVE}. */
    public static final long ACTIVE = 0x1;
    /** {@code LOAD_OPTION_FORCE_RECONNECT}. */
    public static final long FORCE_RECONNECT = 0x2;
    /** {@code LOAD_OPTION_HIDDEN}. */
    public static final long HIDDEN = 0x8;
    /** {@code LOAD_OPTION_CATEGORY} mask. */
    public static final long CATEGORY_MASK = 0x1f00;

    private static final String WHAT = "EFI_LOAD_OPTION";

    private LoadOptions() {
    }

    /**
     * Decodes a load option.
     *
     * @param b the variable data (without the efivarfs attribute header)
     * @return the load option
     * @throws EfiFormatException if the header is truncated, the description has no NUL
     *                            terminator, the path list runs past the data or a node is bad
     */
    public static LoadOption decode(byte[] b) throws EfiFormatException {
        Le.need(b, 0, 6, WHAT + " header");
        long attrs = Le.u32(b, 0);
        int pathLen = Le.u16(b, 4);
        int p = 6;
        StringBuilder desc = new StringBuilder();
        while (true) {
            if (b.length - p < 2) {
                throw new EfiFormatException(WHAT, p, "description has no UCS-2 NUL terminator"
                        + (b.length - p == 1 ? " (odd length)" : ""));
            }
            char c = (char) Le.u16(b, p);
            p += 2;
            if (c == 0) {
                break;
            }
            desc.append(c);
        }
        if (pathLen > b.length - p) {
            throw new EfiFormatException(WHAT, 4, "file path list length " + pathLen + " runs past the data ("
                    + (b.length - p) + " bytes after the description at byte " + p + ")");
        }
        if (pathLen == 0) {
            throw new EfiFormatException(WHAT, 4, "file path list is empty");
        }
        List<DevicePathNode> nodes = DevicePaths.decode(b, p, pathLen);
        int opt = p + pathLen;
        return new LoadOption(attrs, (attrs & ACTIVE) != 0, (attrs & FORCE_RECONNECT) != 0, (attrs & HIDDEN) != 0,
                (int) ((attrs & CATEGORY_MASK) >>> 8), desc.toString(), nodes, DevicePaths.format(nodes),
                Le.hex(b, opt, b.length - opt), rawText(b, opt, b.length - opt));
    }

    /**
     * Encodes a load option.
     *
     * @param attributes   the {@code LOAD_OPTION_*} bits
     * @param description  the description (UCS-2: characters outside the Basic Multilingual Plane
     *                     are refused)
     * @param devicePath   the device path list, end node included
     * @param optionalData the optional data, may be empty
     * @return the bytes
     * @throws EfiFormatException if the description has a NUL or a non-BMP character, or the path
     *                            list is not a well-formed device path longer than 0 bytes and
     *                            shorter than 65536
     */
    public static byte[] encode(long attributes, String description, byte[] devicePath, byte[] optionalData)
            throws EfiFormatException {
        if (devicePath.length == 0 || devicePath.length > 0xffff) {
            throw new EfiFormatException("device path", 0, "length " + devicePath.length + " is not in 1..65535");
        }
        List<DevicePathNode> nodes = DevicePaths.decode(devicePath);
        if (!nodes.get(nodes.size() - 1).isEnd()) {
            throw new EfiFormatException("device path", devicePath.length, "does not end with an end node");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[6];
        Le.put32(head, 0, attributes);
        Le.put16(head, 4, devicePath.length);
        out.writeBytes(head);
        out.writeBytes(Ucs2.encode(description, true));
        out.writeBytes(devicePath);
        out.writeBytes(optionalData);
        return out.toByteArray();
    }

    /**
     * Renders optional data as {@code efibootmgr -v} does: printable ASCII as is, other bytes as
     * {@code .}.
     */
    static String rawText(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.toString();
    }

    /**
     * The line {@code efibootmgr -v} prints for one Boot#### variable.
     *
     * @param variableName the variable name, for example {@code Boot0001}
     * @param option       the decoded option
     * @return the line without its newline
     */
    public static String efibootmgrLine(String variableName, LoadOption option) {
        return variableName + (option.active() ? "* " : "  ") + option.description() + "\t" + option.devicePathText()
                + option.optionalDataText();
    }
}
