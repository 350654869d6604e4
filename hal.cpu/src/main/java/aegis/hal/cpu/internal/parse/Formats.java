package aegis.hal.cpu.internal.parse;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/** Small helpers shared by the parsers: bad-format errors and bounded number parsing. Stateless. */
public final class Formats {
    /** The largest CPU number accepted anywhere (the kernel's NR_CPUS limit is 8192). */
    public static final int MAX_CPU = 1 << 16;

    private Formats() {
    }

    /**
     * @param source  the file or thing that was parsed, for example {@code /proc/cpuinfo}
     * @param message what was wrong and where
     * @return a BAD_FORMAT exception naming the source
     */
    public static HalException bad(String source, String message) {
        return new HalException(ErrorCode.BAD_FORMAT, source + ": " + message);
    }

    /**
     * Parses a non-negative decimal integer as sysfs prints it (surrounding blanks allowed).
     *
     * @param text   the text
     * @param source the file it came from
     * @return the value
     * @throws HalException BAD_FORMAT if the text is not such a number or exceeds {@code int}
     */
    public static int parseInt(String text, String source) throws HalException {
        long v = parseLong(text, source);
        if (v > Integer.MAX_VALUE) {
            throw bad(source, "number too large: '" + shorten(text) + "'");
        }
        return (int) v;
    }

    /**
     * Parses a signed decimal long (surrounding blanks allowed).
     *
     * @param text   the text
     * @param source the file it came from
     * @return the value
     * @throws HalException BAD_FORMAT if the text is not a decimal number of at most 18 digits
     */
    public static long parseLong(String text, String source) throws HalException {
        String s = text.strip();
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            throw bad(source, "expected a decimal number, got '" + shorten(text) + "'");
        }
        long v = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(source, "expected a decimal number, got '" + shorten(text) + "' (bad character at offset " + i + ")");
            }
            v = v * 10 + (c - '0');
        }
        return start == 1 ? -v : v;
    }

    /**
     * Parses a cache size as sysfs prints it: digits and an optional {@code K}, {@code M} or
     * {@code G} suffix (powers of 1024).
     *
     * @param text   the text, for example {@code 32768K}
     * @param source the file it came from
     * @return the size in bytes
     * @throws HalException BAD_FORMAT for anything else
     */
    public static long parseSize(String text, String source) throws HalException {
        String s = text.strip();
        long mult = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                default -> mult = 1;
            }
        }
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(source, "expected a size such as 32K, got '" + shorten(text) + "'");
        }
        return Long.parseLong(digits) * mult;
    }

    /**
     * @param s any text
     * @return the text cut to 40 characters, for error messages
     */
    public static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
