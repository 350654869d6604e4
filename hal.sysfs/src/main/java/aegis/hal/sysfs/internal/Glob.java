package aegis.hal.sysfs.internal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;

/**
 * A path glob: {@code *} and {@code ?} match within one segment, {@code **} as a whole segment
 * matches zero or more segments. A glob without a leading {@code /} is relative to {@code /sys/hal}.
 * Matching is a dynamic programme over segments (no backtracking blow-up). Immutable, thread-safe.
 */
final class Glob {
    private static final int MAX_SEGMENTS = 128;

    private final String text;
    private final String[] segments;

    private Glob(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * @param glob the glob text
     * @return the compiled glob
     * @throws HalException INVALID_ARGUMENT naming the problem
     */
    static Glob compile(String glob) throws HalException {
        if (glob == null || glob.isBlank()) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "empty glob");
        }
        String g = glob.startsWith("/") ? glob : SysPaths.ROOT + "/" + glob;
        if (g.length() > AttributeSpec.MAX_PATH) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "glob longer than " + AttributeSpec.MAX_PATH + " characters");
        }
        String[] parts = g.substring(1).split("/", -1);
        if (parts.length > MAX_SEGMENTS) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "glob has more than " + MAX_SEGMENTS + " segments");
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, "glob '" + SysPaths.shown(glob) + "' has an empty segment");
            }
            if (p.contains("**") && !p.equals("**")) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT,
                        "glob '" + SysPaths.shown(glob) + "': ** must be a whole segment, not '" + SysPaths.shown(p) + "'");
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c != '*' && c != '?' && !AttributeSpec.segmentChar(c)) {
                    throw new HalException(ErrorCode.INVALID_ARGUMENT,
                            "glob '" + SysPaths.shown(glob) + "': character '" + SysPaths.shown(String.valueOf(c)) + "' not allowed");
                }
            }
        }
        return new Glob(glob, parts);
    }

    /**
     * @param path an absolute path
     * @return whether the glob matches it as a whole
     */
    boolean matches(String path) {
        String[] p = path.substring(1).split("/", -1);
        int n = segments.length;
        int m = p.length;
        // ok[i][j]: glob segments i.. match path segments j..
        boolean[][] ok = new boolean[n + 1][m + 1];
        ok[n][m] = true;
        for (int i = n - 1; i >= 0; i--) {
            String g = segments[i];
            for (int j = m; j >= 0; j--) {
                if (g.equals("**")) {
                    ok[i][j] = ok[i + 1][j] || j < m && ok[i][j + 1];
                } else {
                    ok[i][j] = j < m && segmentMatches(g, p[j]) && ok[i + 1][j + 1];
                }
            }
        }
        return ok[0][0];
    }

    /**
     * @param pattern a segment pattern with {@code *} and {@code ?}
     * @param s       a segment
     * @return whether it matches
     */
    static boolean segmentMatches(String pattern, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < pattern.length() && (pattern.charAt(pi) == '?' || pattern.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < pattern.length() && pattern.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pattern.length() && pattern.charAt(pi) == '*') {
            pi++;
        }
        return pi == pattern.length();
    }

    @Override
    public String toString() {
        return text;
    }
}
