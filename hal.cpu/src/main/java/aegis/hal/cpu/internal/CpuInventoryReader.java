package aegis.hal.cpu.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CacheInfo;
import aegis.hal.cpu.CpuCore;
import aegis.hal.cpu.CpuDie;
import aegis.hal.cpu.CpuFeatures;
import aegis.hal.cpu.CpuIdentity;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuPackage;
import aegis.hal.cpu.LogicalCpu;
import aegis.hal.cpu.NumaNode;
import aegis.hal.cpu.internal.parse.CpuInfoParser;
import aegis.hal.cpu.internal.parse.CpuList;
import aegis.hal.cpu.internal.parse.Formats;

/**
 * Reads a {@link CpuInventory} from a host root: {@code /sys/devices/system/cpu},
 * {@code /sys/devices/system/node} and {@code /proc/cpuinfo}. Missing attributes count as unknown;
 * attributes with unparseable content give a BAD_FORMAT error naming the file. Immutable,
 * thread-safe (each {@link #read()} works on its own state).
 */
public final class CpuInventoryReader {
    /** The kernel's CPU directory. */
    public static final String CPU_DIR = "/sys/devices/system/cpu";
    /** The kernel's NUMA node directory. */
    public static final String NODE_DIR = "/sys/devices/system/node";
    /** The kernel's CPU information file. */
    public static final String CPUINFO = "/proc/cpuinfo";

    private final HostRoot host;

    /** @param host the host root to read */
    public CpuInventoryReader(HostRoot host) {
        this.host = host;
    }

    /**
     * Reads the processors on the calling thread.
     *
     * @return the processors of the host
     * @throws HalException BAD_FORMAT naming a file with unparseable content, IO if a directory
     *                      cannot be listed
     */
    public CpuInventory read() throws HalException {
        return read(null, 1);
    }

    /**
     * Reads the processors, spreading the per-CPU and per-cache reads over {@code parallelism}
     * tasks (the calling thread runs one of them). Each sysfs attribute costs an open, a read and a
     * close, a few microseconds each on a VM, and a host has about 30 per CPU: the reads dominate
     * and spread well. The result, and on a corrupt tree the first error in CPU order, are those of
     * {@link #read()} (a file that the sequential read skips, a leaf it already knew as shared, may
     * be read here and reported).
     *
     * @param executor    runs the other tasks; null to read everything on the calling thread
     * @param parallelism the number of tasks, at least 1
     * @return the processors of the host
     * @throws HalException BAD_FORMAT naming a file with unparseable content, IO if a directory
     *                      cannot be listed
     */
    public CpuInventory read(Executor executor, int parallelism) throws HalException {
        try (AttributeReader sys = AttributeReader.open(host, CPU_DIR)) {
            // the kernel has a cpuN directory for each present CPU: list the directory only when
            // it does not say which those are
            Optional<List<Integer>> presentList = cpuList(sys, "present");
            List<Integer> dirs = presentList.isPresent() ? presentList.get() : cpuDirs(sys.names());
            List<Integer> possible = cpuList(sys, "possible").orElse(dirs);
            List<Integer> present = presentList.orElse(dirs);
            List<Integer> online = cpuList(sys, "online").orElse(present);
            int tasks = executor == null ? 1 : Math.max(1, parallelism);

            Instances known = new Instances();
            List<Scan> scans;
            Map<String, String> first;
            List<NumaNode> nodes;
            if (tasks == 1) {
                // CPU by CPU, so that a leaf another CPU already showed as shared costs one read
                scans = new ArrayList<>(dirs.size());
                for (int n : dirs) {
                    Scan sc = scan(sys, n, known);
                    scans.add(sc);
                    for (Leaf l : known.accept(sc)) {
                        known.put(l, cache(sys, l));
                    }
                }
                nodes = nodes();
                first = firstProcessor();
            } else {
                Concurrent run = new Concurrent(dirs);
                run.run(executor, tasks, sys);
                scans = List.of(run.scans);
                first = run.first;
                nodes = run.nodes;
                // the instances in CPU and leaf order; each one with a kernel id was read by its
                // first CPU during the scan, the others (no id file) are read now
                List<Leaf> idless = new ArrayList<>();
                for (Scan sc : scans) {
                    for (Leaf l : known.accept(sc)) {
                        if (l.shared() == null) { // the scan keeps a sharing map only for leaves without an id
                            known.put(l, run.geometry.get(key(l)).info);
                        } else {
                            idless.add(l);
                        }
                    }
                }
                List<CacheInfo> read = Parallel.map(idless, tasks, executor, sys, (r, l) -> cache(r, l));
                for (int i = 0; i < idless.size(); i++) {
                    known.put(idless.get(i), read.get(i));
                }
            }
            List<CacheInfo> instances = known.instances();
            Map<String, CacheInfo> byKey = known.byKey;
            Map<Leaf, String> keyOf = known.keyOf;

            Map<Integer, Integer> nodeOf = new HashMap<>();
            for (NumaNode nn : nodes) {
                for (int c : nn.cpus()) {
                    nodeOf.putIfAbsent(c, nn.node());
                }
            }
            java.util.Set<Integer> onlineSet = new java.util.HashSet<>(online);
            List<LogicalCpu> cpus = new ArrayList<>(scans.size());
            for (Scan sc : scans) {
                Map<String, Integer> own = new TreeMap<>();
                for (Leaf l : sc.leaves()) {
                    CacheInfo c = byKey.get(keyOf.get(l));
                    if (c != null) {
                        own.putIfAbsent(c.name(), c.id());
                    }
                }
                cpus.add(new LogicalCpu(sc.cpu(), onlineSet.contains(sc.cpu()), sc.pkg(), sc.die(), sc.core(),
                        nodeOf.getOrDefault(sc.cpu(), -1), sc.threads(), List.of(), own));
            }
            List<CacheInfo> caches = new ArrayList<>(instances);
            caches.sort(Comparator.comparing(CacheInfo::name)); // stable: CPU order within a name, as lscpu
            return new CpuInventory(identity(first), possible, present, online, withPackageCpus(cpus),
                    packages(cpus), caches, nodes, features(first));
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, CPU_DIR + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** One cache leaf of one CPU, as first read: where it is and which instance it names. */
    private record Leaf(String dir, int index, int level, String type, int id, List<Integer> shared) {
        Leaf withId(int newId) {
            return new Leaf(dir, index, level, type, newId, shared);
        }
    }

    /**
     * The cache instances found so far, keyed as lscpu identifies them: level, type and id; where
     * the kernel gives no id, by the sharing maps (the instance whose map has the CPU, else a new
     * number). Fed with the CPUs in order. Not thread-safe: used by the reading thread only.
     */
    private static final class Instances {
        final Map<String, Leaf> firsts = new LinkedHashMap<>();
        final Map<Leaf, String> keyOf = new java.util.IdentityHashMap<>();
        final Map<String, CacheInfo> byKey = new HashMap<>();
        final Map<String, Integer> idless = new HashMap<>();
        final List<Leaf> idlessFirsts = new ArrayList<>();

        /** @return the leaves of the CPU that show a new instance, in leaf order */
        List<Leaf> accept(Scan sc) {
            List<Leaf> fresh = new ArrayList<>();
            for (Leaf l : sc.leaves()) {
                if (l.id() >= 0) {
                    String key = key(l);
                    keyOf.put(l, key);
                    if (firsts.putIfAbsent(key, l) == null) {
                        fresh.add(l);
                    }
                    continue;
                }
                Leaf owner = null;
                for (Leaf f : idlessFirsts) {
                    if (f.level() == l.level() && f.type().equals(l.type()) && f.shared().contains(sc.cpu())) {
                        owner = f;
                        break;
                    }
                }
                if (owner != null) {
                    keyOf.put(l, keyOf.get(owner));
                    continue;
                }
                int id = idless.merge(l.level() + "/" + l.type(), 1, Integer::sum) - 1;
                String key = l.level() + "/" + l.type() + "/" + id + "/generated";
                Leaf numbered = l.withId(id);
                idlessFirsts.add(numbered);
                keyOf.put(numbered, key);
                keyOf.put(l, key);
                firsts.put(key, numbered);
                fresh.add(numbered);
            }
            return fresh;
        }

        /** (leaf index << 32 | CPU) to the first leaf of the instance that CPU shares at that index. */
        final Map<Long, Leaf> sharers = new HashMap<>();

        void put(Leaf first, CacheInfo info) {
            byKey.put(keyOf.get(first), info);
            for (int cpu : info.sharedCpus()) {
                sharers.putIfAbsent(((long) first.index() << 32) | cpu, first);
            }
        }

        /**
         * The kernel shares a cache leaf between CPUs only at the same leaf index
         * (drivers/base/cacheinfo.c and arch/x86/kernel/cpu/cacheinfo.c compare leaf {@code index}
         * of both CPUs).
         *
         * @return the known instance first shown at this leaf index whose sharing map has the CPU
         */
        Leaf sharedAt(int index, int cpu) {
            return sharers.get(((long) index << 32) | cpu);
        }

        List<CacheInfo> instances() {
            List<CacheInfo> out = new ArrayList<>(firsts.size());
            for (String key : firsts.keySet()) {
                out.add(byKey.get(key));
            }
            return out;
        }
    }

    /** @return how lscpu identifies a cache instance the kernel gives an id: level, type and id */
    private static String key(Leaf l) {
        return l.level() + "/" + l.type() + "/" + l.id();
    }

    /**
     * A read spread over several tasks. The tasks take work one item at a time from a shared counter
     * (item 0: {@code /proc/cpuinfo} and the NUMA nodes; item i: the CPU {@code dirs[i-1]}), so a
     * task that starts late, as a woken pool thread does, takes less. Each task scans its CPU and
     * reads the geometry of every cache instance the CPU shows (by kernel id) that no lower CPU has
     * claimed: the instance's owner is always its lowest CPU, so the result, errors included, is the
     * one a sequential read in CPU order gives. Two tasks may both read an instance when they race;
     * the lower CPU's read is kept.
     */
    private final class Concurrent {
        private final List<Integer> dirs;
        private final AtomicInteger next = new AtomicInteger();
        final Scan[] scans;
        /** key to its owner and what the owner read */
        final Map<String, Owned> geometry = new ConcurrentHashMap<>();
        private final HalException[] scanErrors;
        volatile Map<String, String> first;
        volatile List<NumaNode> nodes;
        private volatile HalException sideError;

        Concurrent(List<Integer> dirs) {
            this.dirs = dirs;
            this.scans = new Scan[dirs.size()];
            this.scanErrors = new HalException[dirs.size()];
        }

        void run(Executor executor, int tasks, AttributeReader sys) throws HalException {
            List<CompletableFuture<Void>> others = new ArrayList<>(tasks - 1);
            for (int t = 1; t < tasks && t <= dirs.size(); t++) {
                AttributeReader view = sys.view();
                try {
                    others.add(CompletableFuture.runAsync(() -> work(view), executor));
                } catch (RejectedExecutionException e) {
                    break; // executor shut down: the calling thread does the rest
                }
            }
            work(sys);
            for (CompletableFuture<Void> f : others) {
                f.join(); // work() catches every HalException; anything else is a bug, and rethrown
            }
            // the first failure in sequential order: a CPU's scan, then the instances it owns
            for (int i = 0; i < scans.length; i++) {
                if (scanErrors[i] != null) {
                    throw scanErrors[i];
                }
                for (Leaf l : scans[i].leaves()) {
                    Owned o = l.id() >= 0 ? geometry.get(key(l)) : null;
                    if (o != null && o.cpu == i && o.error != null) {
                        throw o.error;
                    }
                }
            }
            if (sideError != null) {
                throw sideError;
            }
        }

        private void work(AttributeReader r) {
            for (int item; (item = next.getAndIncrement()) <= dirs.size();) {
                if (item == 0) {
                    try {
                        nodes = nodes();
                        first = firstProcessor();
                    } catch (HalException e) {
                        sideError = e;
                    }
                    continue;
                }
                int i = item - 1;
                Scan sc;
                try {
                    sc = scan(r, dirs.get(i), null);
                } catch (HalException e) {
                    scanErrors[i] = e;
                    continue;
                }
                scans[i] = sc;
                for (Leaf l : sc.leaves()) {
                    if (l.id() < 0) {
                        continue;
                    }
                    String key = key(l);
                    Owned mine = new Owned(i);
                    Owned won = geometry.merge(key, mine, (old, cand) -> old.cpu <= cand.cpu ? old : cand);
                    if (won != mine) {
                        continue; // a lower CPU owns it
                    }
                    try {
                        mine.info = cache(r, l);
                    } catch (HalException e) {
                        mine.error = e;
                    }
                }
            }
        }
    }

    /** The CPU that owns a cache instance and what reading it gave; written before the tasks are joined. */
    private static final class Owned {
        final int cpu;
        CacheInfo info;
        HalException error;

        Owned(int cpu) {
            this.cpu = cpu;
        }
    }

    /** What one CPU's directory says, before cache instances are known. */
    private record Scan(int cpu, int pkg, int die, int core, List<Integer> threads, List<Leaf> leaves) {
    }

    private static Scan scan(AttributeReader sys, int n, Instances known) throws HalException {
        String dir = "cpu" + n;
        String topo = dir + "/topology/";
        // an offline CPU has no topology directory: every id is then unknown
        int pkg = intAttr(sys, topo + "physical_package_id", -1);
        int die = -1;
        int core = -1;
        List<Integer> threads = List.of(n);
        if (pkg >= 0) {
            die = intAttr(sys, topo + "die_id", 0);
            core = intAttr(sys, topo + "core_id", -1);
            threads = cpuList(sys, topo + "thread_siblings_list").orElse(threads);
        }
        List<Leaf> leaves = new ArrayList<>(4);
        // cache leaves are numbered index0, index1, ... without gaps (as lscpu assumes too)
        for (int i = 0; i < 64; i++) {
            String index = dir + "/cache/index" + i;
            Leaf shared = known == null ? null : known.sharedAt(i, n);
            if (shared != null) {
                // a leaf another CPU showed as shared with this one: if the kernel gives it the same
                // id (or none), it is that instance and its level and type need not be read
                Optional<String> idText = sys.read(index + "/id");
                int id = idText.isPresent() ? Formats.parseInt(idText.get(), sys.hostPath(index + "/id")) : -1;
                if (id < 0 || id == shared.id()) {
                    CacheInfo c = known.byKey.get(known.keyOf.get(shared));
                    leaves.add(new Leaf(index, i, shared.level(), shared.type(), id, id < 0 ? c.sharedCpus() : null));
                    continue;
                }
            }
            Optional<String> level = sys.read(index + "/level");
            if (level.isEmpty()) {
                break;
            }
            Optional<String> type = sys.read(index + "/type");
            if (type.isEmpty()) {
                continue;
            }
            int lv = Formats.parseInt(level.get(), sys.hostPath(index + "/level"));
            Optional<String> idText = sys.read(index + "/id");
            if (idText.isPresent()) {
                leaves.add(new Leaf(index, i, lv, type.get(),
                        Formats.parseInt(idText.get(), sys.hostPath(index + "/id")), null));
            } else {
                leaves.add(new Leaf(index, i, lv, type.get(), -1,
                        cpuList(sys, index + "/shared_cpu_list").orElse(List.of(n))));
            }
        }
        return new Scan(n, pkg, die, core, threads, leaves);
    }

    private static CacheInfo cache(AttributeReader sys, Leaf l) throws HalException {
        String dir = l.dir();
        List<Integer> shared = l.shared() != null ? l.shared()
                : cpuList(sys, dir + "/shared_cpu_list").orElse(List.of());
        String suffix = switch (l.type()) {
            case "Data" -> "d";
            case "Instruction" -> "i";
            default -> "";
        };
        Optional<String> sizeText = sys.read(dir + "/size");
        long size = sizeText.isPresent() ? Formats.parseSize(sizeText.get(), sys.hostPath(dir + "/size")) : 0;
        return new CacheInfo("L" + l.level() + suffix, l.level(), l.type(), l.id(), size,
                intAttr(sys, dir + "/ways_of_associativity", 0), intAttr(sys, dir + "/coherency_line_size", 0),
                intAttr(sys, dir + "/number_of_sets", 0), intAttr(sys, dir + "/physical_line_partition", 0), shared);
    }

    /**
     * Reads {@code /sys/devices/system/cpu/vulnerabilities}: file name to content.
     *
     * @return the vulnerability status, by name; empty on kernels without the directory
     * @throws HalException IO if the directory exists but cannot be listed
     */
    public Map<String, String> vulnerabilities() throws HalException {
        Map<String, String> vulns = new TreeMap<>();
        String vdir = CPU_DIR + "/vulnerabilities";
        for (String name : list(vdir)) {
            host.readOptional(vdir + "/" + name).ifPresent(v -> vulns.put(name, v));
        }
        return java.util.Collections.unmodifiableMap(vulns);
    }

    private static List<Integer> cpuDirs(List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String name : names) {
            if (name.length() > 3 && name.startsWith("cpu") && name.chars().skip(3).allMatch(Character::isDigit)
                    && name.length() <= 9) {
                out.add(Integer.parseInt(name.substring(3)));
            }
        }
        out.sort(null);
        return out;
    }

    /** Fills in each CPU's package CPUs: the CPUs with the same physical_package_id (the kernel's definition). */
    private static List<LogicalCpu> withPackageCpus(List<LogicalCpu> cpus) {
        Map<Integer, List<Integer>> byPackage = new HashMap<>();
        for (LogicalCpu c : cpus) {
            if (c.packageId() >= 0) {
                byPackage.computeIfAbsent(c.packageId(), k -> new ArrayList<>()).add(c.number());
            }
        }
        List<LogicalCpu> out = new ArrayList<>(cpus.size());
        for (LogicalCpu c : cpus) {
            out.add(new LogicalCpu(c.number(), c.online(), c.packageId(), c.dieId(), c.coreId(),
                    c.node(), c.threadSiblings(), byPackage.getOrDefault(c.packageId(), List.of(c.number())),
                    c.caches()));
        }
        return out;
    }

    private List<NumaNode> nodes() throws HalException {
        List<NumaNode> out = new ArrayList<>();
        Optional<List<Integer>> online = cpuList(NODE_DIR + "/online");
        if (online.isPresent()) {
            for (int node : online.get()) {
                out.add(new NumaNode(node, cpuList(NODE_DIR + "/node" + node + "/cpulist").orElse(List.of())));
            }
            return out;
        }
        for (String name : list(NODE_DIR)) {
            if (name.length() > 4 && name.startsWith("node") && name.length() <= 10
                    && name.chars().skip(4).allMatch(Character::isDigit)) {
                int node = Integer.parseInt(name.substring(4));
                out.add(new NumaNode(node, cpuList(NODE_DIR + "/" + name + "/cpulist").orElse(List.of())));
            }
        }
        out.sort(Comparator.comparingInt(NumaNode::node));
        return out;
    }

    private Map<String, String> firstProcessor() throws HalException {
        // the first processor's block is all that is used (as lscpu): read up to its blank line
        Optional<String> text = AttributeReader.readUntil(host, CPUINFO, "\n\n", 1 << 24);
        for (int attempt = 0; attempt < 2 && text.isPresent(); attempt++) {
            List<Map<String, String>> procs = CpuInfoParser.processors(CpuInfoParser.parse(text.get(), CPUINFO));
            if (!procs.isEmpty()) {
                return procs.get(0);
            }
            text = host.readOptional(CPUINFO); // a machine-wide block came first (s390): read it all
        }
        return Map.of();
    }

    private static CpuFeatures features(Map<String, String> first) {
        return new CpuFeatures(CpuInfoParser.words(first.get("flags")), CpuInfoParser.words(first.get("bugs")));
    }

    private static CpuIdentity identity(Map<String, String> first) {
        return new CpuIdentity(first.getOrDefault("vendor_id", ""), first.getOrDefault("model name", ""),
                first.getOrDefault("cpu family", ""), first.getOrDefault("model", ""),
                first.getOrDefault("stepping", ""), first.getOrDefault("microcode", ""),
                first.getOrDefault("address sizes", ""));
    }

    static List<CpuPackage> packages(List<LogicalCpu> cpus) {
        // package -> die -> core -> cpus
        TreeMap<Integer, TreeMap<Integer, TreeMap<Integer, List<Integer>>>> tree = new TreeMap<>();
        for (LogicalCpu c : cpus) {
            if (c.packageId() < 0) {
                continue;
            }
            tree.computeIfAbsent(c.packageId(), k -> new TreeMap<>())
                    .computeIfAbsent(Math.max(c.dieId(), 0), k -> new TreeMap<>())
                    .computeIfAbsent(c.coreId(), k -> new ArrayList<>()).add(c.number());
        }
        List<CpuPackage> out = new ArrayList<>();
        tree.forEach((pkg, dies) -> {
            List<CpuDie> dieList = new ArrayList<>();
            List<Integer> all = new ArrayList<>();
            dies.forEach((die, cores) -> {
                List<CpuCore> coreList = new ArrayList<>();
                cores.forEach((core, list) -> {
                    coreList.add(new CpuCore(pkg, die, core, list));
                    all.addAll(list);
                });
                dieList.add(new CpuDie(pkg, die, coreList));
            });
            all.sort(null);
            out.add(new CpuPackage(pkg, dieList, all));
        });
        return out;
    }

    private static int intAttr(AttributeReader sys, String rel, int absent) throws HalException {
        Optional<String> v = sys.read(rel);
        return v.isPresent() ? Formats.parseInt(v.get(), sys.hostPath(rel)) : absent;
    }

    private static Optional<List<Integer>> cpuList(AttributeReader sys, String rel) throws HalException {
        Optional<String> v = sys.read(rel);
        return v.isPresent() ? Optional.of(CpuList.parse(v.get(), sys.hostPath(rel))) : Optional.empty();
    }

    private Optional<List<Integer>> cpuList(String path) throws HalException {
        Optional<String> v = host.readOptional(path);
        return v.isPresent() ? Optional.of(CpuList.parse(v.get(), path)) : Optional.empty();
    }

    private List<String> list(String path) throws HalException {
        try {
            return host.list(path);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, path + ": cannot list: " + e.getMessage(), e);
        }
    }
}
