package aegis.hal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(int x, String label, List<Integer> tags) {
    }

    enum Colour { RED }

    @Test
    void writesRecordsMapsListsAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p", new Point(3, "a\"b\\c\n\u0001", List.of(1, 2)));
        m.put("e", Colour.RED);
        m.put("o", Optional.empty());
        m.put("arr", new long[] {7L});
        m.put("nan", Double.NaN);
        assertEquals("{\"p\":{\"x\":3,\"label\":\"a\\\"b\\\\c\\n\\u0001\",\"tags\":[1,2]},\"e\":\"RED\","
                + "\"o\":null,\"arr\":[7],\"nan\":null}", Json.write(m));
    }

    private static final String NOISE = "{}[]\",:-.e0\\u";

    @Test
    void readsWhatItWritesAndNamesTheOffsetOfErrors() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001é");
        m.put("n", List.of(1L, -2L, 3.5, 1e300, 123456789012345678L));
        m.put("b", List.of(true, false));
        m.put("o", new LinkedHashMap<>(Map.of("k", List.of())));
        m.put("z", null);
        assertEquals(m, Json.parse(Json.pretty(m)));
        assertEquals(m, Json.parseObject(Json.write(m)));
        assertEquals("JSON: expected ',' or '}' at offset 7",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> Json.parse("{\"a\":1 \"b\":2}")).getMessage());
        java.util.Random r = new java.util.Random(3);
        String sample = Json.write(m);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder b = new StringBuilder(sample);
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                    default -> b.setLength(at);
                }
            }
            try {
                Json.parse(b.toString());
            } catch (IllegalArgumentException expected) {
                // the only documented failure
            }
        }
    }

    @Test
    void prettyIndentsAndKeepsEmptyContainersCompact() {
        assertEquals("{\n  \"a\": [],\n  \"b\": {}\n}", Json.pretty(new java.util.TreeMap<>(Map.of("a", List.of(), "b", Map.of()))));
    }
}
