package aegis.hal.sysfs.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

/**
 * Parses written text by an attribute's type and rules, formats values as text, and checks what
 * providers return. Stateless, no I/O, thread-safe. Every rejection is an {@link HalException} whose
 * message names the path, the value and the rule.
 */
final class Values {
    /** The longest text a write accepts. */
    static final int MAX_TEXT = 4096;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Values() {
    }

    /**
     * @param spec the attribute
     * @param text the written text
     * @return the value, of the type's Java type, within the rules
     * @throws HalException INVALID_ARGUMENT naming path, value and rule
     */
    static Object parse(AttributeSpec spec, String text) throws HalException {
        if (text == null) {
            throw reject(spec, "null", "a value is required");
        }
        if (text.length() > MAX_TEXT) {
            throw reject(spec, text, "longer than " + MAX_TEXT + " characters");
        }
        String t = text.strip();
        switch (spec.type()) {
            case INTEGER: {
                long v;
                try {
                    v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
                } catch (NumberFormatException e) {
                    throw reject(spec, text, "not an integer (decimal digits with an optional sign, at most 64 bits)");
                }
                checkRange(spec, text, BigDecimal.valueOf(v));
                return v;
            }
            case DECIMAL: {
                if (!DECIMAL.matcher(t).matches()) {
                    throw reject(spec, text, "not a decimal number (like 2.5, -0.125 or 1e3)");
                }
                BigDecimal b = new BigDecimal(t);
                checkRange(spec, text, b);
                double d = b.doubleValue();
                if (Double.isInfinite(d)) {
                    throw reject(spec, text, "too large for a decimal");
                }
                return d;
            }
            case BOOLEAN: {
                switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on":
                        return Boolean.TRUE;
                    case "false", "0", "no", "off":
                        return Boolean.FALSE;
                    default:
                        throw reject(spec, text, "not a boolean (true/false, 1/0, yes/no, on/off)");
                }
            }
            case ENUM: {
                for (String a : spec.allowed()) {
                    if (a.equalsIgnoreCase(t)) {
                        return a;
                    }
                }
                throw reject(spec, text, "not one of " + spec.allowed());
            }
            case STRING: {
                String s = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c < 0x20 || c == 0x7f) {
                        throw reject(spec, text, String.format("control character \\x%02x at index %d (one line of text)", (int) c, i));
                    }
                }
                if (!spec.allowed().isEmpty() && !spec.allowed().contains(s)) {
                    throw reject(spec, text, "not one of " + spec.allowed());
                }
                return s;
            }
            case BYTES:
                return parseHex(spec, text, t);
            default:
                throw new IllegalStateException("unknown type " + spec.type());
        }
    }

    private static byte[] parseHex(AttributeSpec spec, String text, String t) throws HalException {
        String h = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
        StringBuilder digits = new StringBuilder(h.length());
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == ' ' || c == ':' || c == '\t') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || c > 0x7f) {
                throw reject(spec, text, "not hex bytes: '" + SysPaths.shown(String.valueOf(c)) + "' at index " + i);
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw reject(spec, text, "not hex bytes: odd number of hex digits (" + digits.length() + ")");
        }
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (Character.digit(digits.charAt(2 * i), 16) << 4 | Character.digit(digits.charAt(2 * i + 1), 16));
        }
        return b;
    }

    private static void checkRange(AttributeSpec spec, String text, BigDecimal v) throws HalException {
        if (spec.min() != null && v.compareTo(spec.min()) < 0) {
            throw reject(spec, text, "below the minimum " + spec.min().toPlainString() + unit(spec)
                    + (spec.max() != null ? " (range " + range(spec) + ")" : ""));
        }
        if (spec.max() != null && v.compareTo(spec.max()) > 0) {
            throw reject(spec, text, "above the maximum " + spec.max().toPlainString() + unit(spec)
                    + (spec.min() != null ? " (range " + range(spec) + ")" : ""));
        }
    }

    private static String range(AttributeSpec spec) {
        return spec.min().toPlainString() + ".." + spec.max().toPlainString() + unit(spec);
    }

    private static String unit(AttributeSpec spec) {
        return spec.unit().isEmpty() ? "" : " " + spec.unit();
    }

    private static HalException reject(AttributeSpec spec, String text, String rule) {
        return new HalException(ErrorCode.INVALID_ARGUMENT,
                spec.path() + ": value '" + SysPaths.shown(text) + "' rejected: " + rule + "; nothing changed");
    }

    /**
     * Checks and converts what a provider's read returned.
     *
     * @param spec  the attribute
     * @param value the returned value
     * @return the value as the type's Java type
     * @throws HalException DRIVER_FAILED naming the path when the value is null or of the wrong type
     */
    static Object normalise(AttributeSpec spec, Object value) throws HalException {
        switch (spec.type()) {
            case INTEGER:
                if (value instanceof Long) {
                    return value;
                }
                if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return ((Number) value).longValue();
                }
                break;
            case DECIMAL:
                if (value instanceof Double d && Double.isFinite(d)) {
                    return d;
                }
                if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                    return n.doubleValue();
                }
                break;
            case STRING:
            case ENUM:
                if (value instanceof String) {
                    return value;
                }
                if (value instanceof CharSequence cs) {
                    return cs.toString();
                }
                break;
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case BYTES:
                if (value instanceof byte[] b) {
                    return b.clone();
                }
                break;
            default:
                break;
        }
        throw new HalException(ErrorCode.DRIVER_FAILED, spec.path() + ": the provider returned "
                + (value == null ? "null" : "a " + value.getClass().getName()) + ", expected " + spec.type() + " ("
                + spec.type().javaType().getSimpleName() + ")");
    }

    /**
     * @param type  a type
     * @param value a value of its Java type
     * @return its text form
     */
    static String format(AttributeType type, Object value) {
        switch (type) {
            case DECIMAL: {
                double d = (Double) value;
                if (d == 0) {
                    return "0";
                }
                return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
            case BYTES:
                return hex((byte[]) value);
            default:
                return String.valueOf(value);
        }
    }

    /**
     * @param b bytes
     * @return lower-case hex, two digits per byte
     */
    static String hex(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = HEX[(b[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(c);
    }
}
