package aegis.hal.api.json;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;

/**
 * Writes values as JSON: records (as objects, components in declaration order), maps (keys as
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
