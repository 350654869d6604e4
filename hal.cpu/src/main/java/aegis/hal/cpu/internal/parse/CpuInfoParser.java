package aegis.hal.cpu.internal.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.HalException;

/**
 * Parses {@code /proc/cpuinfo}: blocks of {@code key : value} lines separated by blank lines, one
 * block per processor (plus, on some architectures, blocks of machine-wide fields). Stateless,
 * thread-safe.
 */
public final class CpuInfoParser {
    private static final int MAX_LINES = 1 << 20;

    private CpuInfoParser() {
    }

    /**
     * @param text   the file's content
     * @param source the file, for error messages
     * @return the blocks in file order, each an unmodifiable map of key to value (keys and values
     *         stripped, insertion order kept; a repeated key keeps its first value)
     * @throws HalException BAD_FORMAT naming the line and byte offset of a non-blank line without
     *                      {@code :} or with an empty key
     */
    public static List<Map<String, String>> parse(String text, String source) throws HalException {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        int offset = 0;
        int line = 0;
        while (offset <= text.length()) {
            int nl = text.indexOf('\n', offset);
            int end = nl < 0 ? text.length() : nl;
            line++;
            if (line > MAX_LINES) {
                throw Formats.bad(source, "more than " + MAX_LINES + " lines");
            }
            String l = text.substring(offset, end);
            if (l.isBlank()) {
                if (!current.isEmpty()) {
                    blocks.add(Collections.unmodifiableMap(current));
                    current = new LinkedHashMap<>();
                }
            } else {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    throw Formats.bad(source, "line " + line + " (byte offset " + offset + ") has no ':': '"
                            + Formats.shorten(l) + "'");
                }
                String key = l.substring(0, colon).strip();
                if (key.isEmpty()) {
                    throw Formats.bad(source, "line " + line + " (byte offset " + offset + ") has an empty key");
                }
                current.putIfAbsent(key, l.substring(colon + 1).strip());
            }
            if (nl < 0) {
                break;
            }
            offset = nl + 1;
        }
        if (!current.isEmpty()) {
            blocks.add(Collections.unmodifiableMap(current));
        }
        return Collections.unmodifiableList(blocks);
    }

    /**
     * @param blocks parsed blocks
     * @return the blocks that describe a processor (they have a {@code processor} key)
     */
    public static List<Map<String, String>> processors(List<Map<String, String>> blocks) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> b : blocks) {
            if (b.containsKey("processor")) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Splits a space separated word list such as {@code flags}.
     *
     * @param value the value, possibly null or empty
     * @return the words
     */
    public static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.strip().split("\\s+"));
    }
}
