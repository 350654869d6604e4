package aegis.hal.cpu.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.cpu.CpuInventory;

/**
 * Compares an inventory, shown through {@link LscpuView}, with lscpu's JSON outputs field by field:
 * the summary ({@code lscpu --json}), the CPU table ({@code lscpu -e=CPU,CORE,SOCKET,NODE,CACHE,ONLINE
 * --json}) and the cache table ({@code lscpu -C --json}). MHz, BogoMIPS and the fields that lscpu
 * takes from elsewhere (uname, DMI, the hypervisor probe) are not compared.
 */
final class LscpuOracle {
    private LscpuOracle() {
    }

    /** Summary fields that come from the CPU files, compared when either side has them. */
    private static boolean compared(String field) {
        return field.equals("CPU(s):") || field.equals("On-line CPU(s) list:") || field.equals("Off-line CPU(s) list:")
                || field.equals("Vendor ID:") || field.equals("Model name:") || field.equals("CPU family:")
                || field.equals("Model:") || field.equals("Thread(s) per core:") || field.equals("Core(s) per socket:")
                || field.equals("Socket(s):") || field.equals("Stepping:") || field.equals("Flags:")
                || field.matches("L\\d+[di]? cache:") || field.startsWith("NUMA node")
                || field.startsWith("Vulnerability ");
    }

    @SuppressWarnings("unchecked")
    static int assertSummary(CpuInventory inv, Map<String, String> vulns, String lscpuJson, String what) {
        Map<String, String> oracle = new LinkedHashMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) Json.parse(lscpuJson)).get("lscpu")) {
            Map<String, Object> f = (Map<String, Object>) o;
            collect(f, oracle);
        }
        Map<String, String> ours = new LinkedHashMap<>();
        new LscpuView(inv, vulns).summary().forEach(f -> ours.put(f.field(), f.data()));
        int n = 0;
        for (Map.Entry<String, String> e : oracle.entrySet()) {
            if (compared(e.getKey())) {
                assertEquals(e.getValue(), ours.get(e.getKey()), what + ": lscpu field '" + e.getKey() + "'");
                n++;
            }
        }
        for (String k : ours.keySet()) {
            if (compared(k)) {
                assertTrue(oracle.containsKey(k), what + ": we show '" + k + "' that lscpu does not");
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> f, Map<String, String> out) {
        // lscpu --json is flat for non-terminals, nested ("children") for terminals
        out.put((String) f.get("field"), (String) f.get("data"));
        Object children = f.get("children");
        if (children instanceof List<?> l) {
            for (Object c : l) {
                collect((Map<String, Object>) c, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static int assertCpuTable(CpuInventory inv, String lscpuEJson, String what) {
        List<Object> rows = (List<Object>) ((Map<String, Object>) Json.parse(lscpuEJson)).get("cpus");
        LscpuView view = new LscpuView(inv, Map.of());
        List<LscpuView.CpuRow> ours = view.cpus();
        assertEquals(rows.size(), ours.size(), what + ": number of CPU rows");
        String cacheKey = view.cacheHeader().toLowerCase(java.util.Locale.ROOT);
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = (Map<String, Object>) rows.get(i);
            LscpuView.CpuRow o = ours.get(i);
            String row = what + ": lscpu -e row " + i + " ";
            assertEquals(((Number) r.get("cpu")).intValue(), o.cpu(), row + "cpu");
            assertEquals(num(r.get("core")), o.core(), row + "core");
            assertEquals(num(r.get("socket")), o.socket(), row + "socket");
            assertEquals(num(r.get("node")), o.node(), row + "node");
            assertTrue(r.containsKey(cacheKey), row + "has no column " + cacheKey + " but " + r.keySet());
            assertEquals(r.get(cacheKey), o.caches(), row + cacheKey);
            assertEquals(r.get("online"), o.online(), row + "online");
            n += 6;
        }
        return n;
    }

    private static Integer num(Object o) {
        return o instanceof Number x ? Integer.valueOf(x.intValue()) : null;
    }

    @SuppressWarnings("unchecked")
    static int assertCacheTable(CpuInventory inv, String lscpuCJson, String what) {
        List<Object> rows = (List<Object>) ((Map<String, Object>) Json.parse(lscpuCJson)).get("caches");
        List<LscpuView.CacheRow> ours = new LscpuView(inv, Map.of()).caches();
        List<String> names = new ArrayList<>();
        ours.forEach(r -> names.add(r.name()));
        assertEquals(rows.size(), ours.size(), what + ": cache rows " + names);
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = (Map<String, Object>) rows.get(i);
            LscpuView.CacheRow o = ours.get(i);
            String row = what + ": lscpu -C " + r.get("name") + " ";
            assertEquals(r.get("name"), o.name(), row + "name");
            assertEquals(r.get("one-size"), o.oneSize(), row + "one-size");
            assertEquals(r.get("all-size"), o.allSize(), row + "all-size");
            assertEquals(num(r.get("ways")), o.ways(), row + "ways");
            assertEquals(r.get("type"), o.type(), row + "type");
            assertEquals(num(r.get("level")), o.level(), row + "level");
            assertEquals(num(r.get("sets")), o.sets(), row + "sets");
            assertEquals(num(r.get("phy-line")), o.phyLine(), row + "phy-line");
            assertEquals(num(r.get("coherency-size")), o.coherencySize(), row + "coherency-size");
            n += 9;
        }
        return n;
    }
}
