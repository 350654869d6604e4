package aegis.hal.cpu.internal;

import aegis.hal.api.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuTemperature;
import aegis.hal.cpu.CpuTimes;
import aegis.hal.cpu.CpuUsage;
import aegis.hal.cpu.LogicalCpu;
import aegis.hal.cpu.internal.CpuServiceImpl.WritePolicy;
import aegis.hal.cpu.internal.parse.CpuList;
import aegis.hal.cpu.internal.parse.Formats;
import aegis.hal.cpu.internal.parse.ProcStatParser;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysFs;
import aegis.hal.sysfs.internal.StandaloneSysFs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;

/**
 * The {@code /sys/hal/cpu} attributes built on the fixture hosts (checked against the fixture files
 * and the lscpu oracles) and on a writable copy with the synthetic cpufreq policy (writes through
 * the service's validated path, and through the sysfs engine with its permission and value checks).
 */
class CpuAttributeFactoryTest {
    private static final String CPU = "sys/devices/system/cpu/";

    private static Map<String, Attribute> build(CpuServiceImpl s, List<String> changed) throws HalException {
        Map<String, Attribute> out = new TreeMap<>();
        for (Attribute a : new CpuAttributeFactory(s, s.host(), changed::add).build()) {
            assertEquals(null, out.put(a.spec().path(), a), "path given twice: " + a.spec().path());
        }
        return out;
    }

    private static Object read(Map<String, Attribute> attrs, String path) throws HalException {
        Attribute a = attrs.get(path);
        assertNotNull(a, "no attribute " + path);
        Object v = a.read();
        assertInstanceOf(a.spec().type().javaType(), v, path);
        return v;
    }

    private static String file(Path root, String rel) throws Exception {
        return Files.readString(root.resolve(rel)).strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lscpu(Path root) throws Exception {
        Map<String, String> out = new HashMap<>();
        Deque<Object> todo = new ArrayDeque<>((List<Object>) ((Map<String, Object>) Json.parse(
                Files.readString(root.resolve("oracle/lscpu.json")))).get("lscpu"));
        while (!todo.isEmpty()) {
            Map<String, Object> f = (Map<String, Object>) todo.pop();
            out.put((String) f.get("field"), (String) f.get("data"));
            if (f.get("children") instanceof List<?> kids) {
                kids.forEach(todo::push);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> table(Path root, String file, String key) throws Exception {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
                Files.readString(root.resolve("oracle/" + file)))).get(key);
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void everyValueAgreesWithTheFixtureAndLscpu(String host) throws Exception {
        Path root = Fixtures.host(host);
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        Map<String, Attribute> attrs = build(s, new ArrayList<>());
        CpuInventory inv = s.inventory();
        Map<String, String> summary = lscpu(root);

        for (Attribute a : attrs.values()) {
            AttributeSpec spec = a.spec();
            assertFalse(spec.description().isEmpty(), spec.path());
            assertEquals("", spec.devfsPath(), "CPUs have no devfs node: " + spec.path());
            assertFalse(spec.writable(), "no cpufreq on " + host + ", so nothing is writable: " + spec.path());
            if (!spec.name().equals("usage_percent")) {
                read(attrs, spec.path()); // every value reads, with its type's Java type
            }
        }

        // host-wide
        assertEquals(summary.get("Vendor ID:"), read(attrs, "/sys/hal/cpu/vendor"));
        assertEquals(summary.get("Model name:"), read(attrs, "/sys/hal/cpu/model_name"));
        assertEquals(summary.get("Flags:"), read(attrs, "/sys/hal/cpu/flags"));
        assertEquals(CpuList.parse(summary.get("On-line CPU(s) list:"), "lscpu"),
                CpuList.parse((String) read(attrs, "/sys/hal/cpu/online"), "online"));
        for (String list : List.of("online", "present", "possible")) {
            assertEquals(file(root, CPU + list), read(attrs, "/sys/hal/cpu/" + list), list);
        }
        List<String> vulns = new ArrayList<>();
        try (var files = Files.list(root.resolve(CPU + "vulnerabilities"))) {
            files.forEach(f -> vulns.add(f.getFileName().toString()));
        }
        assertFalse(vulns.isEmpty());
        for (String v : vulns) {
            assertEquals(file(root, CPU + "vulnerabilities/" + v), read(attrs, "/sys/hal/cpu/vulnerabilities/" + v), v);
        }

        // per CPU: topology from the fixture's own files, online and node from lscpu -e
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        table(root, "lscpu-e.json", "cpus").forEach(r -> rows.put(num(r.get("cpu")), r));
        assertEquals(rows.size(), inv.cpus().size());
        for (LogicalCpu c : inv.cpus()) {
            int n = c.number();
            String d = "/sys/hal/cpu/" + n;
            String topo = CPU + "cpu" + n + "/topology/";
            Map<String, Object> row = rows.get((long) n);
            assertEquals(row.get("online"), read(attrs, d + "/online"), d);
            assertEquals(num(row.get("node")), read(attrs, d + "/node"), d);
            assertEquals(Long.parseLong(file(root, topo + "physical_package_id")), read(attrs, d + "/package_id"));
            assertEquals(Long.parseLong(file(root, topo + "core_id")), read(attrs, d + "/core_id"));
            assertEquals(Long.parseLong(file(root, topo + "die_id")), read(attrs, d + "/die_id"));
            for (String f : List.of("frequency_mhz", "governor", "scaling_min_mhz", "scaling_max_mhz")) {
                assertEquals(AttributeType.STRING, attrs.get(d + "/" + f).spec().type());
                assertEquals(CpuFreqPolicy.NO_DRIVER, read(attrs, d + "/" + f), d + "/" + f);
            }
            assertEquals(AttributeType.STRING, attrs.get(d + "/temperature").spec().type());
            assertEquals(CpuAttributeFactory.NO_SENSOR, read(attrs, d + "/temperature"));
            assertEquals(CpuAttributes.of(s, n, null).get("caches"), read(attrs, d + "/caches"));
            assertEquals("not readable", read(attrs, d + "/cpuid"), "fixture trees have no /dev/cpu/N/cpuid");
            assertEquals("%", attrs.get(d + "/usage_percent").spec().unit());
        }

        // cache leaves: every file of every CPU's leaves against lscpu -C (by name) and the fixture
        Map<String, Map<String, Object>> caches = new HashMap<>();
        table(root, "lscpu-C.json", "caches").forEach(r -> caches.put((String) r.get("name"), r));
        int leaves = 0;
        for (LogicalCpu c : inv.cpus()) {
            for (int k = 0; Files.isDirectory(root.resolve(CPU + "cpu" + c.number() + "/cache/index" + k)); k++) {
                String d = "/sys/hal/cpu/" + c.number() + "/cache/index" + k;
                String leaf = CPU + "cpu" + c.number() + "/cache/index" + k + "/";
                long level = (Long) read(attrs, d + "/level");
                String type = (String) read(attrs, d + "/type");
                String name = "L" + level + switch (type) {
                    case "Data" -> "d";
                    case "Instruction" -> "i";
                    default -> "";
                };
                Map<String, Object> o = caches.get(name);
                assertNotNull(o, name);
                assertEquals(num(o.get("level")), level);
                assertEquals(o.get("type"), type);
                assertEquals(Formats.parseSize((String) o.get("one-size"), "lscpu") / 1024, read(attrs, d + "/size_kb"), d);
                assertEquals(num(o.get("ways")), read(attrs, d + "/ways"), d);
                assertEquals(num(o.get("coherency-size")), read(attrs, d + "/line_size"), d);
                assertEquals(file(root, leaf + "shared_cpu_list"), read(attrs, d + "/shared_cpu_list"), d);
                assertEquals("KiB", attrs.get(d + "/size_kb").spec().unit());
                leaves++;
            }
        }
        assertTrue(leaves >= inv.cpus().size(), host + ": " + leaves + " cache leaves");
    }

    @Test
    void syntheticCpufreqIsTypedAndWritableWithAdminWrite(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        String policy = CPU + "cpufreq/policy0/";
        // AUTHORIZER and no authorizer: a direct CpuService write is refused, a sysfs one is not
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        List<String> changed = new ArrayList<>();
        Map<String, Attribute> attrs = build(s, changed);
        int adminWrite = Permission.mask(Permission.ADMIN, Permission.WRITE);
        List<String> governors = List.of(file(root, policy + "scaling_available_governors").split(" "));
        long lo = Long.parseLong(file(root, policy + "cpuinfo_min_freq")) / 1000;
        long hi = Long.parseLong(file(root, policy + "cpuinfo_max_freq")) / 1000;

        for (int n : List.of(0, 1)) {
            String d = "/sys/hal/cpu/" + n;
            AttributeSpec f = attrs.get(d + "/frequency_mhz").spec();
            assertEquals(AttributeType.DECIMAL, f.type());
            assertEquals("MHz", f.unit());
            assertFalse(f.writable());
            assertEquals(Long.parseLong(file(root, policy + "scaling_cur_freq")) / 1000.0, read(attrs, d + "/frequency_mhz"));

            AttributeSpec g = attrs.get(d + "/governor").spec();
            assertEquals(AttributeType.ENUM, g.type());
            assertEquals(governors, g.allowed());
            assertEquals(adminWrite, g.writeMask());
            assertEquals(file(root, policy + "scaling_governor"), read(attrs, d + "/governor"));

            for (String lim : List.of("scaling_min", "scaling_max")) {
                AttributeSpec l = attrs.get(d + "/" + lim + "_mhz").spec();
                assertEquals(AttributeType.INTEGER, l.type());
                assertEquals("MHz", l.unit());
                assertEquals(adminWrite, l.writeMask());
                assertEquals(BigDecimal.valueOf(lo), l.min());
                assertEquals(BigDecimal.valueOf(hi), l.max());
                assertEquals(Long.parseLong(file(root, policy + lim + "_freq")) / 1000, read(attrs, d + "/" + lim + "_mhz"));
            }
        }

        String before = file(root, policy + "scaling_governor");
        String other = governors.stream().filter(x -> !x.equals(before)).findFirst().orElseThrow();
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class, () -> s.setGovernor(0, other)).code());
        attrs.get("/sys/hal/cpu/0/governor").write(other);
        assertEquals(other, file(root, policy + "scaling_governor"));
        assertEquals(other, read(attrs, "/sys/hal/cpu/1/governor"), "cpu1 shares policy0");
        assertEquals(List.of("/sys/hal/cpu/1/governor"), changed);

        // invalid values reaching the attribute are refused by the service's validation; nothing changes
        HalException bad = assertThrows(HalException.class, () -> attrs.get("/sys/hal/cpu/0/governor").write("turbo-max"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, bad.code());
        assertEquals(other, file(root, policy + "scaling_governor"));
        String maxBefore = file(root, policy + "scaling_max_freq");
        attrs.get("/sys/hal/cpu/1/scaling_max_mhz").write(lo + 100);
        assertEquals(Long.toString((lo + 100) * 1000), file(root, policy + "scaling_max_freq"));
        HalException order = assertThrows(HalException.class,
                () -> attrs.get("/sys/hal/cpu/0/scaling_min_mhz").write(lo + 200));
        assertEquals(ErrorCode.INVALID_ARGUMENT, order.code(), order.getMessage());
        assertEquals(Long.toString(lo * 1000), file(root, policy + "scaling_min_freq"), "nothing changed");
        attrs.get("/sys/hal/cpu/1/scaling_max_mhz").write(Long.parseLong(maxBefore) / 1000);
        attrs.get("/sys/hal/cpu/0/scaling_min_mhz").write(lo + 200);
        assertEquals(Long.toString((lo + 200) * 1000), file(root, policy + "scaling_min_freq"));
        assertEquals(maxBefore, file(root, policy + "scaling_max_freq"), "the other limit is kept");

        // READ_ONLY refuses sysfs writes too; a registered authorizer is still asked
        CpuServiceImpl readOnly = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.READ_ONLY);
        Map<String, Attribute> ro = build(readOnly, new ArrayList<>());
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> ro.get("/sys/hal/cpu/0/governor").write(before)).code());
        s.setAuthorizer(r -> {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "refused by the authorizer");
        });
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> attrs.get("/sys/hal/cpu/0/governor").write(before)).code());
        assertEquals(other, file(root, policy + "scaling_governor"));
    }

    /** A subject for the fake capability service. */
    private record FakeSubject(String name, boolean trusted) implements Subject {
        @Override
        public Optional<Principal> principal() {
            return trusted ? Optional.empty() : Optional.of(new Principal("c", name));
        }
    }

    /** A capability service granting each subject a mask on every device ({@code /dev/**}). */
    private static CapabilityService capabilities(Map<Long, FakeSubject> bundles, Map<String, Integer> grants) {
        return (CapabilityService) Proxy.newProxyInstance(CpuAttributeFactoryTest.class.getClassLoader(),
                new Class<?>[] {CapabilityService.class}, (p, m, args) -> switch (m.getName()) {
                    case "subject" -> bundles.get(((Bundle) args[0]).getBundleId());
                    case "permissions" -> ((FakeSubject) args[0]).trusted() ? Permission.ALL
                            : grants.getOrDefault(((FakeSubject) args[0]).name(), 0);
                    case "require" -> {
                        FakeSubject sub = (FakeSubject) args[0];
                        int mask = (Integer) args[2];
                        if (!sub.trusted() && (grants.getOrDefault(sub.name(), 0) & mask) != mask) {
                            throw new HalException(ErrorCode.PERMISSION_DENIED, sub.name() + " lacks "
                                    + Permission.names(mask) + " on " + args[1]);
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Bundle bundle(long id) {
        return (Bundle) Proxy.newProxyInstance(CpuAttributeFactoryTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (p, m, args) -> switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> "test.bundle" + id;
                    case "hashCode" -> (int) id;
                    case "equals" -> p == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void throughSysfsWritesNeedAdminWriteAndInvalidValuesAreRejected(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.withSyntheticCpufreq("firecracker", tmp);
        String policy = CPU + "cpufreq/policy0/";
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        Map<Long, FakeSubject> bundles = Map.of(1L, new FakeSubject("hal.cpu", true),
                2L, new FakeSubject("admin", false), 3L, new FakeSubject("writer", false));
        Map<String, Integer> grants = Map.of("admin", Permission.mask(Permission.ADMIN, Permission.WRITE, Permission.READ),
                "writer", Permission.mask(Permission.WRITE, Permission.READ));
        CapabilityService cap = capabilities(bundles, grants);
        StandaloneSysFs sysfs = new StandaloneSysFs(() -> cap, () -> null, (topic, props) -> { });
        long id = 100;
        for (Attribute a : new CpuAttributeFactory(s, s.host(), path -> { }).build()) {
            assertTrue(sysfs.register(a, id++, 0, bundle(1)), a.spec().path());
        }
        SysFs admin = sysfs.forBundle(bundle(2));
        SysFs writer = sysfs.forBundle(bundle(3));
        String before = file(root, policy + "scaling_governor");

        assertEquals(before, writer.read("/sys/hal/cpu/0/governor"), "reads are open");
        HalException denied = assertThrows(HalException.class, () -> writer.write("/sys/hal/cpu/0/governor", "performance"));
        assertEquals(ErrorCode.PERMISSION_DENIED, denied.code());
        assertEquals(before, file(root, policy + "scaling_governor"));

        HalException notAllowed = assertThrows(HalException.class, () -> admin.write("/sys/hal/cpu/0/governor", "turbo-max"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, notAllowed.code());
        assertTrue(notAllowed.getMessage().contains("turbo-max"), notAllowed.getMessage());
        HalException tooHigh = assertThrows(HalException.class, () -> admin.write("/sys/hal/cpu/0/scaling_max_mhz", "9000"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, tooHigh.code());
        assertTrue(tooHigh.getMessage().contains("above the maximum"), tooHigh.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(HalException.class, () -> admin.write("/sys/hal/cpu/0/scaling_min_mhz", "fast")).code());
        assertEquals(before, file(root, policy + "scaling_governor"));
        assertEquals("3000000", file(root, policy + "scaling_max_freq"));

        admin.write("/sys/hal/cpu/0/governor", "PERFORMANCE"); // ENUM: matched ignoring case, stored as allowed
        assertEquals("performance", file(root, policy + "scaling_governor"));
        admin.write("/sys/hal/cpu/1/scaling_max_mhz", "2400");
        assertEquals("2400000", file(root, policy + "scaling_max_freq"));
        assertEquals(2400L, writer.read("/sys/hal/cpu/0/scaling_max_mhz"));
        assertEquals(ErrorCode.UNSUPPORTED,
                assertThrows(HalException.class, () -> admin.write("/sys/hal/cpu/0/core_id", "3")).code());
    }

    @Test
    void temperatureComesFromTheCoreThenThePackageSensor(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("host");
        Fixtures.copyTree(Fixtures.host("qemu-nvme"), root);
        // synthetic coretemp hwmon devices (no fixture host has a CPU sensor): one per package
        for (int pkg = 0; pkg < 2; pkg++) {
            Path hw = Files.createDirectories(root.resolve("sys/class/hwmon/hwmon" + pkg));
            Files.writeString(hw.resolve("name"), "coretemp\n");
            Files.writeString(hw.resolve("temp1_label"), "Package id " + pkg + "\n");
            Files.writeString(hw.resolve("temp1_input"), (50_000 + pkg * 1000) + "\n");
            Files.writeString(hw.resolve("temp2_label"), "Core 0\n");
            Files.writeString(hw.resolve("temp2_input"), (40_000 + pkg * 1000) + "\n");
        }
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        Map<String, Attribute> attrs = build(s, new ArrayList<>());
        for (LogicalCpu c : s.inventory().cpus()) {
            String d = "/sys/hal/cpu/" + c.number() + "/temperature";
            assertEquals(AttributeType.DECIMAL, attrs.get(d).spec().type());
            assertEquals(40.0 + c.packageId(), read(attrs, d), d); // core_id is 0 on every qemu-nvme CPU
        }
        LogicalCpu other = new LogicalCpu(9, true, 1, 0, 7, 0, List.of(9), List.of(9), Map.of());
        assertEquals("Package id 1", CpuAttributeFactory.sensorOf(s.temperatures(), other).orElseThrow().label());
        List<CpuTemperature> amd = List.of(new CpuTemperature("hwmon3/temp1", "Tctl", 61.5));
        assertEquals(61.5, CpuAttributeFactory.sensorOf(amd, other).orElseThrow().celsius());
        assertTrue(CpuAttributeFactory.sensorOf(List.of(), other).isEmpty());
    }

    @Test
    void thermalZonesCountOnlyWhenTheyAreTheCpus(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("host");
        Fixtures.copyTree(Fixtures.host("qemu-nvme"), root);
        // synthetic zones as a laptop without coretemp shows them: the package, an ACPI zone, garbage
        String[][] zones = {{"x86_pkg_temp", "47000"}, {"acpitz", "27800"}, {"x86_pkg_temp", "hot"}};
        for (int i = 0; i < zones.length; i++) {
            Path z = Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone" + i));
            Files.writeString(z.resolve("type"), zones[i][0] + "\n");
            Files.writeString(z.resolve("temp"), zones[i][1] + "\n");
        }
        Files.createDirectories(root.resolve("sys/class/thermal/cooling_device0"));
        List<CpuTemperature> t = new TemperatureReader(HostRoot.of(root)).read();
        assertEquals(List.of(new CpuTemperature("thermal_zone0", "x86_pkg_temp", 47.0)), t);
        CpuServiceImpl s = new CpuServiceImpl(HostRoot.of(root), false, WritePolicy.AUTHORIZER);
        Map<String, Attribute> attrs = build(s, new ArrayList<>());
        assertEquals(47.0, read(attrs, "/sys/hal/cpu/0/temperature"));
    }

    @Test
    void usageIsSampledOnceForAllCpusAndAgreesWithProcStat() throws Exception {
        Path root = Fixtures.host("qemu-nvme");
        String stat = Files.readString(root.resolve("proc/stat"));
        List<CpuTimes> before = ProcStatParser.parse(stat, "stat");
        List<CpuTimes> after = new ArrayList<>();
        for (CpuTimes t : before) {
            long k = t.cpu() + 2L;
            after.add(new CpuTimes(t.cpu(), t.user() + 10 * k, t.nice(), t.system() + 5, t.idle() + 100, t.iowait(),
                    t.irq(), t.softirq(), t.steal()));
        }
        Deque<List<CpuTimes>> readings = new ArrayDeque<>(List.of(before, after));
        long[] now = {0};
        List<Long> slept = new ArrayList<>();
        UsageSampler sampler = new UsageSampler(readings::pop, Duration.ofMillis(200), Duration.ofSeconds(1),
                () -> now[0], slept::add);
        List<CpuUsage> expected = CpuServiceImpl.usageBetween(before, after);
        for (CpuUsage u : expected.subList(1, expected.size())) {
            assertEquals(Math.round(u.busy() * 10) / 10.0, sampler.busyPercent(u.cpu()), "cpu" + u.cpu());
        }
        assertEquals(List.of(200L), slept, "one sampling for every CPU within a second");
        HalException offline = assertThrows(HalException.class, () -> sampler.busyPercent(42));
        assertEquals(ErrorCode.UNSUPPORTED, offline.code());
    }
}
