package aegis.hal.capability.token;

import java.util.Arrays;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * A devfs path pattern: an absolute path under {@code /dev} whose segments may hold {@code *}
 * (any run of characters within one segment) and whose last segment may be {@code **} (zero or more
 * further segments, so {@code /dev/audio/**} covers {@code /dev/audio} itself too). Segment
 * characters are {@code [A-Za-z0-9._:+-]}; at most 255 characters in all.
 *
 * <p>Immutable and thread-safe. No I/O.
 */
public final class DevicePattern {
    /** Longest pattern, in characters (it is encoded with a one-byte length). */
    public static final int MAX_LENGTH = 255;

    private final String text;
    private final String[] segments;
    private final boolean tail;

    private DevicePattern(String text, String[] segments, boolean tail) {
        this.text = text;
        this.segments = segments;
        this.tail = tail;
    }

    /**
     * @param text the pattern
     * @return the parsed pattern
     * @throws HalException {@link ErrorCode#INVALID_ARGUMENT} naming the problem and the character index
     */
    public static DevicePattern parse(String text) throws HalException {
        String why = problem(text);
        if (why != null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid device pattern '" + text + "': " + why);
        }
        String[] parts = text.substring(1).split("/", -1);
        boolean tail = parts[parts.length - 1].equals("**");
        String[] segs = tail ? Arrays.copyOf(parts, parts.length - 1) : parts;
        return new DevicePattern(text, segs, tail);
    }

    /**
     * @param text a candidate pattern
     * @return why it is not a valid pattern, or {@code null} when it is
     */
    public static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "empty";
        }
        if (text.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!text.equals("/dev") && !text.startsWith("/dev/")) {
            return "does not start with /dev/";
        }
        String[] parts = text.substring(1).split("/", -1);
        int index = 1;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                return "empty segment at character " + index;
            }
            if (p.contains("**") && (!p.equals("**") || i != parts.length - 1)) {
                return "** is allowed only as the whole last segment (character " + index + ")";
            }
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                        || c == ':' || c == '+' || c == '-' || c == '*')) {
                    return "character '" + c + "' not allowed at " + (index + k);
                }
            }
            if (p.equals(".") || p.equals("..")) {
                return "relative segment at character " + index;
            }
            index += p.length() + 1;
        }
        if (parts.length == 1 && parts[0].equals("**")) {
            return "does not start with /dev/";
        }
        if (!parts[0].equals("dev")) {
            return "does not start with /dev/";
        }
        return null;
    }

    /** @return the pattern text */
    public String text() {
        return text;
    }

    /**
     * @param path a concrete devfs path
     * @return whether the pattern covers it; {@code false} for a path that is not canonical (empty,
     *         {@code .} or {@code ..} segments, a trailing slash)
     */
    public boolean matches(String path) {
        if (!isCanonical(path)) {
            return false;
        }
        int pos = 1;
        int n = path.length();
        for (String seg : segments) {
            if (pos > n) {
                return false;
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = n;
            }
            if (!segmentMatches(seg, 0, path, pos, end)) {
                return false;
            }
            pos = end + 1;
        }
        return pos > n || tail;
    }

    /**
     * @param path a candidate path
     * @return whether it is absolute with no empty, {@code .} or {@code ..} segment and no trailing
     *         slash; allocation-free
     */
    public static boolean isCanonical(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return false;
        }
        int n = path.length();
        int segStart = 1;
        for (int i = 1; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                int len = i - segStart;
                if (len == 0 || len == 1 && path.charAt(segStart) == '.'
                        || len == 2 && path.charAt(segStart) == '.' && path.charAt(segStart + 1) == '.') {
                    return false;
                }
                segStart = i + 1;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String pat, int pi, String s, int si, int end) {
        // glob with '*' over s[si, end)
        int star = -1;
        int mark = 0;
        while (si < end) {
            if (pi < pat.length() && pat.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (pi < pat.length() && pat.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pat.length() && pat.charAt(pi) == '*') {
            pi++;
        }
        return pi == pat.length();
    }

    /**
     * Whether this pattern covers every path that {@code child} covers: the test attenuation uses. Conservative: it may answer {@code false} for some narrower patterns (then attenuation is
     * refused), never {@code true} for a wider one.
     *
     * @param child a candidate narrower pattern
     * @return whether {@code child} covers no path that this pattern does not
     */
    public boolean covers(DevicePattern child) {
        int n = segments.length;
        if (child.segments.length < n) {
            return false; // child reaches paths shorter than this pattern's fixed part
        }
        for (int i = 0; i < n; i++) {
            if (!segmentCovers(segments[i], child.segments[i])) {
                return false;
            }
        }
        if (child.segments.length == n) {
            return !child.tail || tail;
        }
        return tail; // child has further segments: only a ** tail covers them
    }

    private static boolean segmentCovers(String parent, String child) {
        if (parent.equals("*") || parent.equals(child)) {
            return true;
        }
        if (child.indexOf('*') >= 0) {
            return false;
        }
        return segmentMatches(parent, 0, child, 0, child.length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DevicePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
