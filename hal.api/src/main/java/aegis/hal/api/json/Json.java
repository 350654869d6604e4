package aegis.hal.api.json;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes values as JSON, and reads JSON back ({@link #parse}). Writes records (as objects, components in declaration order), maps (keys as
 * strings), iterables and arrays, enums and other objects (as their string form), {@link Optional},
 * numbers, booleans and {@code null}. Shell commands use it for their {@code --json} output, so
 * every listing of every bundle is one JSON document with the same conventions. Stateless and
 * thread-safe.
 */
public final class Json {
    private Json() {
    }

    /**
     * @param value a value as described above
     * @return its compact JSON text
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /**
     * @param value a value as described above
     * @return its JSON text, indented by two spaces per level
     */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, 2, 0);
        return sb.toString();
    }

    /**
     * Appends a JSON string literal.
     *
     * @param sb the target
     * @param s  the string
     */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void write(StringBuilder sb, Object v, int indent, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence s) {
            quote(sb, s.toString());
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())
                || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            sb.append("null");
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof Optional<?> o) {
            write(sb, o.orElse(null), indent, level);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                first = sep(sb, first, indent, level + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(indent < 0 ? ":" : ": ");
                write(sb, e.getValue(), indent, level + 1);
            }
            close(sb, first, indent, level, '}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object e : it) {
                first = sep(sb, first, indent, level + 1);
                write(sb, e, indent, level + 1);
            }
            close(sb, first, indent, level, ']');
        } else if (v.getClass().isArray()) {
            sb.append('[');
            boolean first = true;
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                first = sep(sb, first, indent, level + 1);
                write(sb, Array.get(v, i), indent, level + 1);
            }
            close(sb, first, indent, level, ']');
        } else if (v instanceof Record r) {
            sb.append('{');
            boolean first = true;
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                first = sep(sb, first, indent, level + 1);
                quote(sb, c.getName());
                sb.append(indent < 0 ? ":" : ": ");
                write(sb, component(r, c), indent, level + 1);
            }
            close(sb, first, indent, level, '}');
        } else if (v instanceof Enum<?> e) {
            quote(sb, e.name());
        } else if (v instanceof TemporalAccessor) {
            quote(sb, v.toString());
        } else {
            quote(sb, v.toString());
        }
    }

    /**
     * Reads JSON text: objects become {@code LinkedHashMap<String, Object>} (key order kept), arrays
     * {@code ArrayList}, strings {@code String}, integral numbers {@code Long} (or {@code Double} when
     * they do not fit), other numbers {@code Double}, {@code true}/{@code false} {@code Boolean}, and
     * {@code null} null. Nesting deeper than 512 levels is refused.
     *
     * @param text JSON text
     * @return the value
     * @throws IllegalArgumentException naming the offset of the first error
     */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        Object v = r.value(0);
        r.ws();
        if (r.i != text.length()) {
            throw r.error("trailing data");
        }
        return v;
    }

    /**
     * Reads a JSON object.
     *
     * @param text JSON text whose top level is an object
     * @return the object
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("JSON: expected an object at offset 0");
        }
        return (Map<String, Object>) v;
    }

    /** A recursive-descent reader over a string. Not thread-safe; one per call. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = java.util.Objects.requireNonNull(s, "text");
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + i);
        }

        void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\r'
                    || s.charAt(i) == '\t')) {
                i++;
            }
        }

        Object value(int depth) {
            if (depth > 512) {
                throw error("nesting deeper than 512");
            }
            ws();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || c >= '0' && c <= '9') {
                        return number();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            return v;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') {
                    throw error("expected a string key");
                }
                String k = string();
                ws();
                if (i >= s.length() || s.charAt(i) != ':') {
                    throw error("expected ':'");
                }
                i++;
                m.put(k, value(depth + 1));
                ws();
                if (i >= s.length()) {
                    throw error("unexpected end in an object");
                }
                char c = s.charAt(i++);
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    i--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> l = new java.util.ArrayList<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value(depth + 1));
                ws();
                if (i >= s.length()) {
                    throw error("unexpected end in an array");
                }
                char c = s.charAt(i++);
                if (c == ']') {
                    return l;
                }
                if (c != ',') {
                    i--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        throw error("unterminated escape");
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw error("short \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException x) {
                                throw error("bad \\u escape");
                            }
                            i += 4;
                        }
                        default -> {
                            i--;
                            throw error("bad escape '\\" + e + "'");
                        }
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private Object number() {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            boolean integral = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    i++;
                } else {
                    break;
                }
            }
            String n = s.substring(start, i);
            try {
                if (integral) {
                    try {
                        return Long.parseLong(n);
                    } catch (NumberFormatException tooBig) {
                        return Double.parseDouble(n);
                    }
                }
                return Double.parseDouble(n);
            } catch (NumberFormatException e) {
                i = start;
                throw error("bad number '" + n + "'");
            }
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            java.lang.reflect.Method m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return "<unreadable: " + e + ">";
        }
    }

    private static boolean sep(StringBuilder sb, boolean first, int indent, int level) {
        if (!first) {
            sb.append(',');
        }
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
        return false;
    }

    private static void close(StringBuilder sb, boolean empty, int indent, int level, char c) {
        if (!empty && indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
        sb.append(c);
    }
}
