package aegis.hal.block.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aegis.hal.block.partition.Partition;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.partition.Scheme;

/** Field-by-field comparison of a parsed table with {@code sfdisk --json} output. */
public final class SfdiskOracle {
    private static final Pattern NUMBER = Pattern.compile("(\\d+)$");

    private SfdiskOracle() {
    }

    @SuppressWarnings("unchecked")
    public static void assertAgrees(Map<String, Object> sfdisk, PartitionTable t, String what) {
        Map<String, Object> pt = (Map<String, Object>) sfdisk.get("partitiontable");
        assertEquals(pt.get("label"), t.scheme().label(), what + ": label");
        if (t.scheme() == Scheme.GPT) {
            assertEquals(((String) pt.get("id")).toUpperCase(), t.id(), what + ": id");
            assertEquals(pt.get("firstlba"), t.firstUsableLba(), what + ": firstlba");
            assertEquals(pt.get("lastlba"), t.lastUsableLba(), what + ": lastlba");
        } else {
            assertEquals(pt.get("id"), t.id(), what + ": id");
        }
        assertEquals(pt.get("unit"), "sectors", what + ": unit");
        assertEquals(((Long) pt.get("sectorsize")).intValue(), t.sectorSize(), what + ": sectorsize");
        List<Map<String, Object>> parts = (List<Map<String, Object>>) pt.getOrDefault("partitions", List.of());
        assertEquals(parts.size(), t.partitions().size(), what + ": number of partitions");
        for (int i = 0; i < parts.size(); i++) {
            Map<String, Object> o = parts.get(i);
            Partition p = t.partitions().get(i);
            String w = what + ": " + o.get("node");
            Matcher m = NUMBER.matcher((String) o.get("node"));
            assertTrue(m.find(), w);
            assertEquals(Integer.parseInt(m.group(1)), p.number(), w + " number");
            assertEquals(o.get("start"), p.startLba(), w + " start");
            assertEquals(o.get("size"), p.sizeLba(), w + " size");
            if (t.scheme() == Scheme.GPT) {
                assertEquals(((String) o.get("type")).toUpperCase(), p.type(), w + " type");
                assertEquals(((String) o.get("uuid")).toUpperCase(), p.uuid(), w + " uuid");
                assertEquals(o.getOrDefault("name", ""), p.name(), w + " name");
                assertEquals(o.getOrDefault("attrs", ""), p.attributeText(), w + " attrs");
            } else {
                assertEquals(o.get("type"), p.type(), w + " type");
                assertEquals(o.getOrDefault("bootable", Boolean.FALSE), p.bootable(), w + " bootable");
            }
        }
    }
}
