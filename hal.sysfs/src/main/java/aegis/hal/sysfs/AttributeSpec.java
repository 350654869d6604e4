package aegis.hal.sysfs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import aegis.hal.capability.api.Permission;

/**
 * What a sysfs attribute is: where it lives, its type and unit, whether and by whom it may be
 * written, which device it belongs to, and the rules a written value must meet. Immutable and
 * thread-safe; build one with {@link #builder(String, AttributeType)}.
 *
 * <p><b>Paths</b> are absolute, start with {@code /sys/hal/}, have at least three segments
 * ({@code /sys/hal/<area>/...}) and consist of segments of 1 to 255 characters from
 * {@code [A-Za-z0-9._:+@,=%-]} that are not {@code .} or {@code ..}; no empty segment, no trailing
 * slash, at most 4096 characters. {@link #problem(String)} says what is wrong with a path.
 *
 * <p><b>Permissions.</b> When {@link #devfsPath()} names the device the attribute belongs to
 * (for example {@code /dev/cpu/0}), a read needs {@link Permission#READ} on that path and a write
 * needs {@link #writeMask()} on it. Without a device path a read is open to every bundle and a
 * write needs {@link Permission#ADMIN} (plus the write mask) on {@code /dev} itself, which only a
 * grant for {@code /dev/**} (or {@code /dev}) covers: the same "administrator anywhere" test the
 * capability service uses for devices without a node.
 *
 * @param path        the attribute path, for example {@code /sys/hal/cpu/0/frequency_mhz}
 * @param type        the value type
 * @param unit        the unit for people ({@code MHz}, {@code ms}, {@code mC}), or {@code ""}
 * @param writable    whether the attribute accepts writes
 * @param writeMask   the {@link Permission#bit()} mask a write needs (non-zero when writable; 0 when not)
 * @param devfsPath   the devfs path of the device the attribute belongs to, or {@code ""}
 * @param min         the smallest allowed value of a numeric attribute, or {@code null} for no bound
 * @param max         the largest allowed value of a numeric attribute, or {@code null} for no bound
 * @param allowed     the allowed values of an {@code ENUM} (required) or {@code STRING} (optional;
 *                    empty = any text) attribute
 * @param description one line for people, or {@code ""}
 */
public record AttributeSpec(String path, AttributeType type, String unit, boolean writable, int writeMask,
        String devfsPath, BigDecimal min, BigDecimal max, List<String> allowed, String description) {

    /** The root of the attribute tree. */
    public static final String ROOT = "/sys/hal";
    /** The longest path, in characters. */
    public static final int MAX_PATH = 4096;
    /** The longest segment, in characters. */
    public static final int MAX_SEGMENT = 255;

    /**
     * Checks every rule of the class description.
     *
     * @throws IllegalArgumentException naming the rule that is broken
     * @throws NullPointerException     if a non-nullable component is {@code null}
     */
    public AttributeSpec {
        String why = problem(path);
        if (why != null) {
            throw new IllegalArgumentException("invalid attribute path '" + path + "': " + why);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(devfsPath, "devfsPath");
        Objects.requireNonNull(description, "description");
        allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
        if (writable && writeMask == 0) {
            throw new IllegalArgumentException(path + ": a writable attribute needs a non-zero write mask");
        }
        if (!writable && writeMask != 0) {
            throw new IllegalArgumentException(path + ": a read-only attribute has no write mask");
        }
        if ((writeMask & ~Permission.ALL) != 0) {
            throw new IllegalArgumentException(path + ": unknown permission bits 0x"
                    + Integer.toHexString(writeMask & ~Permission.ALL));
        }
        if (!devfsPath.isEmpty() && !validDevfs(devfsPath)) {
            throw new IllegalArgumentException(path + ": invalid devfs path '" + devfsPath
                    + "' (absolute under /dev, no empty, '.' or '..' segment)");
        }
        if ((min != null || max != null) && !type.numeric()) {
            throw new IllegalArgumentException(path + ": a range applies only to INTEGER and DECIMAL, not " + type);
        }
        if (type == AttributeType.INTEGER && (!integral(min) || !integral(max))) {
            throw new IllegalArgumentException(path + ": the range of an INTEGER must be whole numbers");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException(path + ": min " + min.toPlainString() + " > max " + max.toPlainString());
        }
        if (!allowed.isEmpty() && type != AttributeType.ENUM && type != AttributeType.STRING) {
            throw new IllegalArgumentException(path + ": allowed values apply only to ENUM and STRING, not " + type);
        }
        if (type == AttributeType.ENUM && allowed.isEmpty()) {
            throw new IllegalArgumentException(path + ": an ENUM needs allowed values");
        }
        Set<String> seen = new HashSet<>();
        for (String a : allowed) {
            if (a.isEmpty() || a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException(path + ": allowed value '" + a + "' is empty or has a control character");
            }
            if (!seen.add(type == AttributeType.ENUM ? a.toLowerCase(java.util.Locale.ROOT) : a)) {
                throw new IllegalArgumentException(path + ": allowed value '" + a + "' given twice");
            }
        }
    }

    /**
     * @param path a candidate attribute path
     * @return why it is not a valid attribute path, or {@code null} when it is
     */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "empty";
        }
        if (path.length() > MAX_PATH) {
            return "longer than " + MAX_PATH + " characters";
        }
        if (!path.startsWith(ROOT + "/")) {
            return "not under " + ROOT + "/";
        }
        String segs = segmentsProblem(path);
        if (segs != null) {
            return segs;
        }
        if (path.indexOf('/', ROOT.length() + 1) < 0) {
            return "needs at least one directory below " + ROOT + " (" + ROOT + "/<area>/<name>)";
        }
        return null;
    }

    /**
     * @param dir a candidate directory path, without a trailing slash; {@value #ROOT} itself is one
     * @return why it is not a valid directory path, or {@code null} when it is
     * @since 1.1
     */
    public static String directoryProblem(String dir) {
        if (dir == null || dir.isEmpty()) {
            return "empty";
        }
        if (dir.length() > MAX_PATH) {
            return "longer than " + MAX_PATH + " characters";
        }
        if (dir.equals(ROOT)) {
            return null;
        }
        return dir.startsWith(ROOT + "/") ? segmentsProblem(dir) : "not under " + ROOT;
    }

    /**
     * Checks the segments of an absolute path (attribute and directory paths).
     *
     * @param path an absolute path
     * @return why its segments are not valid, or {@code null}
     */
    static String segmentsProblem(String path) {
        int start = 1;
        int n = path.length();
        for (int i = 1; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                int len = i - start;
                if (len == 0) {
                    return "empty segment at character " + start;
                }
                if (len > MAX_SEGMENT) {
                    return "segment at character " + start + " longer than " + MAX_SEGMENT;
                }
                if (len == 1 && path.charAt(start) == '.' || len == 2 && path.startsWith("..", start)) {
                    return "relative segment at character " + start;
                }
                for (int k = start; k < i; k++) {
                    if (!segmentChar(path.charAt(k))) {
                        return "character '" + printable(path.charAt(k)) + "' not allowed at " + k;
                    }
                }
                start = i + 1;
            }
        }
        return null;
    }

    /**
     * @param c a character
     * @return whether it may appear in a path segment
     */
    public static boolean segmentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == ':' || c == '+' || c == '@' || c == ',' || c == '=' || c == '%' || c == '-';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean validDevfs(String p) {
        if (!p.equals("/dev") && !p.startsWith("/dev/")) {
            return false;
        }
        int start = 1;
        for (int i = 1; i <= p.length(); i++) {
            if (i == p.length() || p.charAt(i) == '/') {
                int len = i - start;
                if (len == 0 || len == 1 && p.charAt(start) == '.' || len == 2 && p.startsWith("..", start)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static boolean integral(BigDecimal b) {
        return b == null || b.signum() == 0 || b.stripTrailingZeros().scale() <= 0;
    }

    /** @return the name: the last segment of the path */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * @param path the attribute path
     * @param type the value type
     * @return a builder: read-only, no unit, no device, no rules, no description
     */
    public static Builder builder(String path, AttributeType type) {
        return new Builder(path, type);
    }

    /** Builds an {@link AttributeSpec}. Not thread-safe; use one builder per thread. */
    public static final class Builder {
        private final String path;
        private final AttributeType type;
        private String unit = "";
        private boolean writable;
        private int writeMask;
        private String devfsPath = "";
        private BigDecimal min;
        private BigDecimal max;
        private final List<String> allowed = new ArrayList<>();
        private String description = "";

        private Builder(String path, AttributeType type) {
            this.path = path;
            this.type = type;
        }

        /**
         * @param unit the unit, or {@code ""}
         * @return this builder
         */
        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        /**
         * Makes the attribute writable by holders of {@link Permission#WRITE}.
         *
         * @return this builder
         */
        public Builder writable() {
            return writable(Permission.WRITE.bit());
        }

        /**
         * Makes the attribute writable by holders of every permission in the mask.
         *
         * @param mask a non-zero {@link Permission} mask
         * @return this builder
         */
        public Builder writable(int mask) {
            this.writable = true;
            this.writeMask = mask;
            return this;
        }

        /**
         * @param devfsPath the devfs path of the device the attribute belongs to
         * @return this builder
         */
        public Builder device(String devfsPath) {
            this.devfsPath = devfsPath;
            return this;
        }

        /**
         * @param min the smallest allowed value
         * @param max the largest allowed value
         * @return this builder
         */
        public Builder range(long min, long max) {
            this.min = BigDecimal.valueOf(min);
            this.max = BigDecimal.valueOf(max);
            return this;
        }

        /**
         * @param min the smallest allowed value, or {@code null}
         * @param max the largest allowed value, or {@code null}
         * @return this builder
         */
        public Builder range(BigDecimal min, BigDecimal max) {
            this.min = min;
            this.max = max;
            return this;
        }

        /**
         * @param values the allowed values (ENUM, STRING)
         * @return this builder
         */
        public Builder allowed(String... values) {
            allowed.addAll(List.of(values));
            return this;
        }

        /**
         * @param description one line for people
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @return the spec
         * @throws IllegalArgumentException if a rule of {@link AttributeSpec} is broken
         */
        public AttributeSpec build() {
            return new AttributeSpec(path, type, unit, writable, writeMask, devfsPath, min, max, allowed, description);
        }
    }
}
