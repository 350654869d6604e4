package aegis.hal.cpu.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import aegis.hal.cpu.CacheInfo;
import aegis.hal.cpu.CpuIdentity;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.LogicalCpu;
import aegis.hal.cpu.NumaNode;
import aegis.hal.cpu.internal.parse.CpuList;

/**
 * An inventory shown the way util-linux's lscpu shows it: the summary ({@code lscpu}), the CPU table
 * ({@code lscpu -e=CPU,CORE,SOCKET,NODE,CACHE,ONLINE}) and the cache table ({@code lscpu -C}), with
 * lscpu's numbering rules (logical core and socket numbers in order of first appearance, the cache
 * column naming the first instance of each cache that the CPU shares). Immutable, thread-safe.
 */
public final class LscpuView {
    /** One summary line. @param field the label with its colon @param data the value */
    public record Field(String field, String data) {
    }

    /**
     * One row of the CPU table.
     *
     * @param cpu    the CPU number
     * @param core   the logical core number, null if unknown
     * @param socket the logical socket number, null if unknown
     * @param node   the NUMA node, null if unknown
     * @param caches the cache instance ids, {@code :} separated, in cache name order
     * @param online whether online
     */
    public record CpuRow(int cpu, Integer core, Integer socket, Integer node, String caches, boolean online) {
    }

    /**
     * One row of the cache table.
     *
     * @param name          the cache name
     * @param oneSize       one instance's size, lscpu style ({@code 32K})
     * @param allSize       all instances' size ({@code 64K})
     * @param ways          associativity
     * @param type          Data, Instruction or Unified
     * @param level         level
     * @param sets          number of sets
     * @param phyLine       physical line partition
     * @param coherencySize coherency line size
     */
    public record CacheRow(String name, String oneSize, String allSize, int ways, String type, int level, int sets,
            int phyLine, int coherencySize) {
    }

    private final CpuInventory inv;
    private final Map<String, String> vulnerabilities;
    private final List<List<Integer>> coreMaps = new ArrayList<>();
    private final List<List<Integer>> socketMaps = new ArrayList<>();

    /**
     * @param inventory       the inventory to show
     * @param vulnerabilities the vulnerabilities as {@link aegis.hal.cpu.CpuService#vulnerabilities()} gives them
     */
    public LscpuView(CpuInventory inventory, Map<String, String> vulnerabilities) {
        this.inv = inventory;
        this.vulnerabilities = vulnerabilities;
        for (LogicalCpu c : inventory.cpus()) {
            if (c.packageId() < 0) {
                continue; // no topology (offline)
            }
            if (!coreMaps.contains(c.threadSiblings())) {
                coreMaps.add(c.threadSiblings());
            }
            if (!socketMaps.contains(c.packageCpus())) {
                socketMaps.add(c.packageCpus());
            }
        }
    }

    /** @return the summary lines, in lscpu's order (the fields that come from the CPU files) */
    public List<Field> summary() {
        List<Field> out = new ArrayList<>();
        CpuIdentity id = inv.identity();
        out.add(new Field("CPU(s):", Integer.toString(inv.present().size())));
        out.add(new Field("On-line CPU(s) list:", CpuList.format(inv.online())));
        List<Integer> offline = new ArrayList<>(inv.present());
        offline.removeAll(inv.online());
        if (!offline.isEmpty()) {
            out.add(new Field("Off-line CPU(s) list:", CpuList.format(offline)));
        }
        add(out, "Vendor ID:", id.vendor());
        add(out, "Model name:", id.modelName());
        add(out, "CPU family:", id.family());
        add(out, "Model:", id.model());
        out.add(new Field("Thread(s) per core:", Integer.toString(threadsPerCore())));
        out.add(new Field("Core(s) per socket:", Integer.toString(socketMaps.isEmpty() ? 0
                : coreMaps.size() / socketMaps.size())));
        out.add(new Field("Socket(s):", Integer.toString(socketMaps.size())));
        add(out, "Stepping:", id.stepping());
        if (!inv.features().flags().isEmpty()) {
            out.add(new Field("Flags:", String.join(" ", inv.features().flags())));
        }
        for (Map.Entry<String, long[]> e : cacheTotals().entrySet()) {
            long instances = e.getValue()[1];
            out.add(new Field(e.getKey() + " cache:", humanSize(e.getValue()[0], true) + " (" + instances
                    + (instances == 1 ? " instance)" : " instances)")));
        }
        if (!inv.nodes().isEmpty()) {
            out.add(new Field("NUMA node(s):", Integer.toString(inv.nodes().size())));
            for (NumaNode n : inv.nodes()) {
                out.add(new Field("NUMA node" + n.node() + " CPU(s):", CpuList.format(n.cpus())));
            }
        }
        vulnerabilities.forEach((k, v) -> out.add(new Field("Vulnerability " + vulnName(k) + ":",
                vulnText(v))));
        return out;
    }

    private static void add(List<Field> out, String field, String data) {
        if (!data.isEmpty()) {
            out.add(new Field(field, data));
        }
    }

    private int threadsPerCore() {
        int max = 0;
        for (LogicalCpu c : inv.cpus()) {
            if (c.packageId() >= 0) {
                max = Math.max(max, c.threadSiblings().size());
            }
        }
        return max;
    }

    /** @return cache name to {total bytes, instances}, by name */
    private Map<String, long[]> cacheTotals() {
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (CacheInfo c : inv.caches()) {
            long[] t = totals.computeIfAbsent(c.name(), k -> new long[2]);
            t[0] += c.sizeBytes();
            t[1]++;
        }
        return totals;
    }

    /** @return the CPU table, one row per present CPU */
    public List<CpuRow> cpus() {
        List<String> names = new ArrayList<>();
        for (CacheInfo c : inv.caches()) {
            if (!names.contains(c.name())) {
                names.add(c.name());
            }
        }
        List<CpuRow> out = new ArrayList<>();
        for (LogicalCpu c : inv.cpus()) {
            if (!inv.present().contains(c.number())) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (String name : names) {
                for (CacheInfo ca : inv.caches()) {
                    if (ca.name().equals(name) && ca.sharedCpus().contains(c.number())) {
                        ids.add(Integer.toString(ca.id()));
                        break;
                    }
                }
            }
            out.add(new CpuRow(c.number(), index(coreMaps, c), index(socketMaps, c), c.node() < 0 ? null : c.node(),
                    String.join(":", ids), c.online()));
        }
        return out;
    }

    private static Integer index(List<List<Integer>> maps, LogicalCpu c) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).contains(c.number())) {
                return c.packageId() < 0 ? null : i;
            }
        }
        return null;
    }

    /** @return the cache table, one row per cache name */
    public List<CacheRow> caches() {
        Map<String, long[]> totals = cacheTotals();
        List<CacheRow> out = new ArrayList<>();
        for (CacheInfo c : inv.caches()) {
            if (out.stream().anyMatch(r -> r.name().equals(c.name()))) {
                continue;
            }
            out.add(new CacheRow(c.name(), humanSize(c.sizeBytes(), false), humanSize(totals.get(c.name())[0], false),
                    c.ways(), c.type(), c.level(), c.sets(), c.physicalLinePartition(), c.lineSize()));
        }
        return out;
    }

    /** @return the cache names in column order, {@code :} separated, for the CPU table header */
    public String cacheHeader() {
        List<String> names = new ArrayList<>();
        for (CacheInfo c : inv.caches()) {
            if (!names.contains(c.name())) {
                names.add(c.name());
            }
        }
        return names.isEmpty() ? "CACHE" : String.join(":", names).toUpperCase(Locale.ROOT);
    }

    /**
     * Formats a size the way util-linux does: a power of 1024 with one decimal when needed.
     *
     * @param bytes     the size
     * @param iecSpaced {@code true} for {@code 64 KiB}, {@code false} for {@code 64K}
     * @return the text
     */
    public static String humanSize(long bytes, boolean iecSpaced) {
        int exp = 0;
        for (int shift = 10; shift <= 60; shift += 10) {
            if (Long.compareUnsigned(bytes, 1L << shift) < 0) {
                break;
            }
            exp = shift;
        }
        char letter = "BKMGTPE".charAt(exp / 10);
        long dec = exp == 0 ? bytes : bytes >>> exp;
        long frac = exp == 0 ? 0 : bytes & ((1L << exp) - 1);
        String suffix = (iecSpaced ? " " : "") + letter + (iecSpaced && letter != 'B' ? "iB" : "");
        if (frac != 0) {
            frac = exp >= 54 ? ((frac >>> 10) * 1000) >>> (exp - 10) : (frac * 1000) >>> exp;
            frac = (frac + 50) / 100;
            if (frac == 10) {
                dec++;
                frac = 0;
            }
        }
        return frac != 0 ? dec + "." + frac + suffix : dec + suffix;
    }

    /**
     * @param file a vulnerabilities file name such as {@code spec_store_bypass}
     * @return lscpu's label: underscores as blanks, first letter upper case
     */
    public static String vulnName(String file) {
        String s = file.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * @param text a vulnerabilities file's content
     * @return lscpu's rendering: after a leading {@code Mitigation}, the colon becomes {@code ;} and
     *         later colons are dropped
     */
    public static String vulnText(String text) {
        if (text.startsWith("Mitigation") && text.length() > "Mitigation".length()) {
            String rest = text.substring("Mitigation".length() + 1).replace(":", "");
            return "Mitigation;" + rest;
        }
        return text;
    }

    /** @return the summary as aligned text */
    public String summaryText() {
        int w = 0;
        for (Field f : summary()) {
            w = Math.max(w, f.field().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Field f : summary()) {
            sb.append(String.format("%-" + (w + 1) + "s %s%n", f.field(), f.data()));
        }
        return sb.toString();
    }

    /** @return the CPU table as text, like {@code lscpu -e} */
    public String cpusText() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CPU", "CORE", "SOCKET", "NODE", cacheHeader(), "ONLINE"});
        for (CpuRow r : cpus()) {
            rows.add(new String[] {Integer.toString(r.cpu()), dash(r.core()), dash(r.socket()), dash(r.node()),
                r.caches().isEmpty() ? "-" : r.caches(), r.online() ? "yes" : "no"});
        }
        return table(rows);
    }

    /** @return the cache table as text, like {@code lscpu -C} */
    public String cachesText() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ONE-SIZE", "ALL-SIZE", "WAYS", "TYPE", "LEVEL", "SETS", "PHY-LINE",
            "COHERENCY-SIZE"});
        for (CacheRow r : caches()) {
            rows.add(new String[] {r.name(), r.oneSize(), r.allSize(), Integer.toString(r.ways()), r.type(),
                Integer.toString(r.level()), Integer.toString(r.sets()), Integer.toString(r.phyLine()),
                Integer.toString(r.coherencySize())});
        }
        return table(rows);
    }

    private static String dash(Integer i) {
        return i == null ? "-" : i.toString();
    }

    static String table(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : " ").append(String.format("%" + w[i] + "s", r[i]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
