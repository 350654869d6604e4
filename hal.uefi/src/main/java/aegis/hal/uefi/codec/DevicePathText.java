package aegis.hal.uefi.codec;

import java.io.ByteArrayOutputStream;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds binary device paths from the text form for the nodes a boot entry usually needs:
 * {@code PciRoot(0xN)}, {@code Pci(0xD,0xF)}, {@code HD(n,GPT,<guid>,0xstart,0xsize)},
 * {@code HD(n,MBR,0xsignature,0xstart,0xsize)}, {@code File(\path)}, {@code FvVol(<guid>)},
 * {@code FvFile(<guid>)}, joined by {@code /}; an end node is appended. The result renders back
 * to the same text through {@link DevicePaths}. Stateless, thread-safe.
 */
public final class DevicePathText {
    private static final String WHAT = "device path text";
    private static final Pattern NODE = Pattern.compile("([A-Za-z]+)\\((.*)\\)");
    private static final String NUM = "(0x[0-9a-fA-F]+|[0-9]+)";
    private static final Pattern HD = Pattern.compile("([0-9]+),(GPT|MBR),([^,]+)," + NUM + "," + NUM);

    private DevicePathText() {
    }

    /**
     * Parses a device path text.
     *
     * @param text nodes separated by {@code /} (a {@code /} inside {@code File(...)} is not a separator)
     * @return the binary device path, ending with an end-entire node
     * @throws EfiFormatException if a node is not one of the supported forms or a number or GUID
     *                            is invalid; the offset is the character position in the text
     */
    public static byte[] parse(String text) throws EfiFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < text.length()) {
            int end = nodeEnd(text, pos);
            out.writeBytes(node(text.substring(pos, end), pos));
            pos = end + 1;
        }
        out.writeBytes(new byte[] {0x7f, (byte) 0xff, 4, 0});
        return out.toByteArray();
    }

    private static int nodeEnd(String text, int pos) {
        int depth = 0;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '/' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static byte[] node(String s, int pos) throws EfiFormatException {
        Matcher m = NODE.matcher(s);
        if (!m.matches()) {
            throw new EfiFormatException(WHAT, pos, "'" + s + "' is not Name(arguments)");
        }
        String name = m.group(1);
        String args = m.group(2);
        switch (name) {
            case "PciRoot": {
                byte[] n = header(DevicePaths.ACPI, 1, 12);
                Le.put32(n, 4, 0x0a0341d0L);
                Le.put32(n, 8, number(args, pos, 0xffffffffL));
                return n;
            }
            case "Pci": {
                String[] df = args.split(",", -1);
                if (df.length != 2) {
                    throw new EfiFormatException(WHAT, pos, "Pci needs device,function");
                }
                byte[] n = header(DevicePaths.HARDWARE, 1, 6);
                n[4] = (byte) number(df[1], pos, 7);
                n[5] = (byte) number(df[0], pos, 31);
                return n;
            }
            case "HD": {
                Matcher h = HD.matcher(args);
                if (!h.matches()) {
                    throw new EfiFormatException(WHAT, pos, "HD needs part,GPT|MBR,signature,start,size");
                }
                byte[] n = header(DevicePaths.MEDIA, 1, 42);
                Le.put32(n, 4, number(h.group(1), pos, 0xffffffffL));
                Le.put64(n, 8, number(h.group(4), pos, Long.MAX_VALUE));
                Le.put64(n, 16, number(h.group(5), pos, Long.MAX_VALUE));
                if (h.group(2).equals("GPT")) {
                    System.arraycopy(Guids.toBytes(guid(h.group(3), pos)), 0, n, 24, 16);
                    n[40] = 2;
                    n[41] = 2;
                } else {
                    Le.put32(n, 24, number(h.group(3), pos, 0xffffffffL));
                    n[40] = 1;
                    n[41] = 1;
                }
                return n;
            }
            case "File": {
                byte[] path = Ucs2.encode(args, true);
                byte[] n = header(DevicePaths.MEDIA, 4, 4 + path.length);
                System.arraycopy(path, 0, n, 4, path.length);
                return n;
            }
            case "FvVol":
            case "FvFile": {
                byte[] n = header(DevicePaths.MEDIA, name.equals("FvVol") ? 7 : 6, 20);
                System.arraycopy(Guids.toBytes(guid(args, pos)), 0, n, 4, 16);
                return n;
            }
            default:
                throw new EfiFormatException(WHAT, pos, "node '" + name
                        + "' is not supported for creation (PciRoot, Pci, HD, File, FvVol, FvFile are)");
        }
    }

    private static byte[] header(int type, int sub, int len) throws EfiFormatException {
        if (len > 0xffff) {
            throw new EfiFormatException(WHAT, 0, "node longer than 65535 bytes");
        }
        byte[] n = new byte[len];
        n[0] = (byte) type;
        n[1] = (byte) sub;
        Le.put16(n, 2, len);
        return n;
    }

    private static long number(String s, int pos, long max) throws EfiFormatException {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
            if (v < 0 || Long.compareUnsigned(v, max) > 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new EfiFormatException(WHAT, pos, "'" + s + "' is not a number in 0.." + max);
        }
    }

    private static UUID guid(String s, int pos) throws EfiFormatException {
        if (!s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new EfiFormatException(WHAT, pos, "'" + s + "' is not a GUID");
        }
        return UUID.fromString(s);
    }
}
