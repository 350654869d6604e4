package aegis.hal.sysfs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;

/**
 * Path rules of the attribute tree: directory and attribute paths, and the mapping of device ids to
 * one directory name each. Stateless, no I/O, thread-safe.
 */
final class SysPaths {
    /** The root directory. */
    static final String ROOT = AttributeSpec.ROOT;
    /** The built-in devices directory. */
    static final String DEVICES = ROOT + "/devices";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SysPaths() {
    }

    /**
     * @param dir a directory path; one trailing slash is tolerated
     * @return the canonical directory path
     * @throws HalException INVALID_ARGUMENT naming the problem
     */
    static String directory(String dir) throws HalException {
        if (dir == null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "no directory given");
        }
        String d = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        String why = AttributeSpec.directoryProblem(d);
        if (why != null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid directory '" + shown(dir) + "': " + why);
        }
        return d;
    }

    /**
     * @param path an attribute path
     * @throws HalException INVALID_ARGUMENT naming the problem
     */
    static void checkAttribute(String path) throws HalException {
        String why = AttributeSpec.problem(path);
        if (why != null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid attribute path '" + shown(path) + "': " + why);
        }
    }

    /**
     * Maps a device id to its directory name: every character outside {@code [A-Za-z0-9._:+@,=-]}
     * (and {@code %} itself) becomes {@code %XX} per UTF-8 byte; an id that is {@code .} or {@code ..}
     * has its dots encoded.
     *
     * @param id a device id
     * @return the segment, or {@code null} when the id is empty or its segment would be too long
     */
    static String encodeId(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        boolean dots = id.equals(".") || id.equals("..");
        StringBuilder sb = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = c != '%' && AttributeSpec.segmentChar(c) && !(dots && c == '.');
            if (safe) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(id.length() + 8).append(id, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < id.length() ? i + 2 : i + 1;
            for (byte b : id.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        String seg = sb == null ? id : sb.toString();
        return seg.length() > AttributeSpec.MAX_SEGMENT ? null : seg;
    }

    /**
     * @param segment a directory name under {@code /sys/hal/devices}
     * @return the device id, or {@code null} when the segment is not the canonical encoding of an id
     */
    static String decodeId(String segment) {
        if (segment.indexOf('%') < 0) {
            String id = segment;
            return segment.equals(encodeId(id)) ? id : null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        String id = new String(out.toByteArray(), StandardCharsets.UTF_8);
        return segment.equals(encodeId(id)) ? id : null; // only the canonical spelling names a device
    }

    /**
     * @param s text from a caller
     * @return the text for an error message: control characters escaped, at most 80 characters
     */
    static String shown(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 80) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= 80) {
                sb.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
