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

    @Test
    void prettyIndentsAndKeepsEmptyContainersCompact() {
        assertEquals("{\n  \"a\": [],\n  \"b\": {}\n}", Json.pretty(new java.util.TreeMap<>(Map.of("a", List.of(), "b", Map.of()))));
    }
}
