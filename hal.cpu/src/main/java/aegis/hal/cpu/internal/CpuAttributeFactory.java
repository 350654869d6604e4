package aegis.hal.cpu.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.capability.api.Permission;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuService;
import aegis.hal.cpu.CpuTemperature;
import aegis.hal.cpu.LogicalCpu;
import aegis.hal.cpu.internal.CpuServiceImpl.WriteOrigin;
import aegis.hal.cpu.internal.parse.CpuList;
import aegis.hal.cpu.internal.parse.Formats;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

/**
 * Builds the {@code /sys/hal/cpu/...} attributes from the CPU service, OSGi-free (the component
 * {@link CpuSysfsAttributes} registers them). Which attributes exist and their types are decided
 * when they are built, from the inventory and from whether cpufreq and a temperature sensor are
 * there; every read is live (the service, which reads the host or returns its kept inventory, or
 * the host files themselves). CPUs have no devfs node, so no attribute has a device path: reads
 * are open, writes need ADMIN and WRITE on {@code /dev} (see the hal.sysfs README). Thread-safe.
 */
public final class CpuAttributeFactory {
    /** The root of the CPU attributes. */
    public static final String ROOT = "/sys/hal/cpu";
    /** What the cpufreq writes need: ADMIN and WRITE. */
    public static final int WRITE_MASK = Permission.mask(Permission.ADMIN, Permission.WRITE);
    /** What a temperature attribute reads on a host without a CPU sensor. */
    public static final String NO_SENSOR = "no sensor";
    /** The cache leaf files published, sysfs name to kernel file. */
    private static final String[][] CACHE_FILES = {{"level", "level"}, {"type", "type"}, {"size_kb", "size"},
        {"ways", "ways_of_associativity"}, {"line_size", "coherency_line_size"},
        {"shared_cpu_list", "shared_cpu_list"}};

    private final CpuService cpus;
    private final HostRoot host;
    private final UsageSampler usage;
    private final Consumer<String> changed;
    private final Object limitLock = new Object();

    /**
     * @param cpus    the CPU service; a {@link CpuServiceImpl} takes writes as checked by sysfs
     *                ({@link WriteOrigin#SYSFS}), any other goes through its public write methods
     * @param host    the host root the service reads
     * @param changed told the path of each attribute that a write changed besides the written one
     *                (the other CPUs of the same cpufreq policy), for {@code SysFs.changed}
     */
    public CpuAttributeFactory(CpuService cpus, HostRoot host, Consumer<String> changed) {
        this(cpus, host, changed, new UsageSampler(cpus::times, Duration.ofMillis(200), Duration.ofSeconds(1),
                System::nanoTime, Thread::sleep));
    }

    CpuAttributeFactory(CpuService cpus, HostRoot host, Consumer<String> changed, UsageSampler usage) {
        this.cpus = cpus;
        this.host = host;
        this.changed = changed;
        this.usage = usage;
    }

    /** A value source that may fail. */
    @FunctionalInterface
    private interface Reader {
        Object read() throws HalException;
    }

    /** A value sink that may fail. */
    @FunctionalInterface
    private interface Writer {
        void write(Object value) throws HalException;
    }

    /** One attribute: a spec, a live reader and, when writable, a writer. */
    private record Attr(AttributeSpec spec, Reader reader, Writer writer) implements Attribute {
        @Override
        public Object read() throws HalException {
            return reader.read();
        }

        @Override
        public void write(Object validatedValue) throws HalException {
            if (writer == null) {
                Attribute.super.write(validatedValue);
            } else {
                writer.write(validatedValue);
            }
        }
    }

    /**
     * @param cpu a CPU number
     * @return the directory of its attributes
     */
    public static String dir(int cpu) {
        return ROOT + "/" + cpu;
    }

    /**
     * Builds every attribute: host-wide ones, then each logical CPU's.
     *
     * @return the attributes, paths unique
     * @throws HalException if the inventory cannot be read
     */
    public List<Attribute> build() throws HalException {
        CpuInventory inv = cpus.inventory();
        List<Attribute> out = new ArrayList<>();
        hostWide(inv, out);
        for (LogicalCpu c : inv.cpus()) {
            perCpu(c, out);
        }
        return out;
    }

    private static AttributeSpec.Builder spec(String path, AttributeType type, String description) {
        return AttributeSpec.builder(path, type).description(description);
    }

    private void hostWide(CpuInventory inv, List<Attribute> out) throws HalException {
        out.add(new Attr(spec(ROOT + "/vendor", AttributeType.STRING, "vendor_id of /proc/cpuinfo").build(),
                () -> cpus.inventory().identity().vendor(), null));
        out.add(new Attr(spec(ROOT + "/model_name", AttributeType.STRING, "model name of /proc/cpuinfo").build(),
                () -> cpus.inventory().identity().modelName(), null));
        out.add(new Attr(spec(ROOT + "/flags", AttributeType.STRING,
                "feature flags of /proc/cpuinfo (first processor, as lscpu), space-separated").build(),
                () -> String.join(" ", cpus.inventory().features().flags()), null));
        out.add(new Attr(spec(ROOT + "/bugs", AttributeType.STRING,
                "bugs of /proc/cpuinfo (first processor), space-separated").build(),
                () -> String.join(" ", cpus.inventory().features().bugs()), null));
        for (String list : List.of("online", "present", "possible")) {
            out.add(new Attr(spec(ROOT + "/" + list, AttributeType.STRING, "the " + list
                    + " CPUs, as the kernel lists them (e.g. 0-3,5)").build(), () -> cpuListText(list), null));
        }
        for (String name : cpus.vulnerabilities().keySet()) {
            if (AttributeSpec.problem(ROOT + "/vulnerabilities/" + name) != null) {
                continue; // not a sysfs name; still shown by hal:cpu
            }
            String file = CpuInventoryReader.CPU_DIR + "/vulnerabilities/" + name;
            out.add(new Attr(spec(ROOT + "/vulnerabilities/" + name, AttributeType.STRING,
                    "the kernel's status of " + name + " and its mitigation").build(), () -> text(file), null));
        }
    }

    private String cpuListText(String list) throws HalException {
        String file = CpuInventoryReader.CPU_DIR + "/" + list;
        String text = text(file);
        CpuList.parse(text, host.resolve(file).toString()); // BAD_FORMAT rather than passing garbage on
        return text;
    }

    private String text(String file) throws HalException {
        return host.readOptional(file).map(String::strip).orElseThrow(() -> new HalException(ErrorCode.IO,
                file + ": cannot be read"));
    }

    private LogicalCpu cpu(int n) throws HalException {
        return cpus.inventory().cpu(n).orElseThrow(() -> new HalException(ErrorCode.DEVICE_GONE,
                "cpu" + n + " is no longer in the inventory"));
    }

    private void perCpu(LogicalCpu c, List<Attribute> out) throws HalException {
        int n = c.number();
        String d = dir(n);
        out.add(new Attr(spec(d + "/online", AttributeType.BOOLEAN, "whether cpu" + n + " is online").build(),
                () -> online(n), null));
        out.add(new Attr(spec(d + "/package_id", AttributeType.INTEGER,
                "physical package (socket) id; -1 when the kernel gives none (offline)").build(),
                () -> (long) cpu(n).packageId(), null));
        out.add(new Attr(spec(d + "/die_id", AttributeType.INTEGER,
                "die id within the package; -1 when the kernel gives none (offline)").build(),
                () -> (long) cpu(n).dieId(), null));
        out.add(new Attr(spec(d + "/core_id", AttributeType.INTEGER,
                "core id within the package; -1 when the kernel gives none (offline)").build(),
                () -> (long) cpu(n).coreId(), null));
        out.add(new Attr(spec(d + "/node", AttributeType.INTEGER, "NUMA node; -1 when unknown").build(),
                () -> (long) cpu(n).node(), null));
        cpufreq(n, d, out);
        temperature(c, d, out);
        out.add(new Attr(spec(d + "/usage_percent", AttributeType.DECIMAL,
                "busy share (user, system, steal) over a 200 ms sampling of /proc/stat taken at most 1 s ago")
                .unit("%").build(), () -> usage.busyPercent(n), null));
        out.add(new Attr(spec(d + "/caches", AttributeType.STRING, "the caches of cpu" + n + ", e.g. L1d 32K 8-way")
                .build(), () -> CpuAttributes.caches(cpus.inventory(), cpu(n)), null));
        out.add(new Attr(spec(d + "/cpuid", AttributeType.STRING,
                "vendor, family, model and stepping from CPUID (/dev/cpu/N/cpuid), or 'not readable'").build(),
                () -> CpuAttributes.cpuid(cpus.cpuid(n)), null));
        caches(n, d, out);
    }

    private boolean online(int n) throws HalException {
        String file = CpuInventoryReader.CPU_DIR + "/online";
        Optional<String> list = host.readOptional(file);
        if (list.isEmpty()) {
            return cpu(n).online();
        }
        return CpuList.parse(list.get(), host.resolve(file).toString()).contains(n);
    }

    private void cpufreq(int n, String d, List<Attribute> out) throws HalException {
        Optional<CpuFreqPolicy> policy = cpus.cpufreq(n);
        if (policy.isEmpty()) {
            for (String name : List.of("frequency_mhz", "governor", "scaling_min_mhz", "scaling_max_mhz")) {
                out.add(new Attr(spec(d + "/" + name, AttributeType.STRING, "'" + CpuFreqPolicy.NO_DRIVER
                        + "': the kernel has no cpufreq driver for cpu" + n).build(), () -> noDriver(n, name), null));
            }
            return;
        }
        CpuFreqPolicy p = policy.get();
        out.add(new Attr(spec(d + "/frequency_mhz", AttributeType.DECIMAL,
                "current frequency (scaling_cur_freq of " + p.policy() + ")").unit("MHz").build(), () -> {
                    long khz = policyOf(n).currentKHz();
                    if (khz < 0) {
                        throw new HalException(ErrorCode.UNSUPPORTED, "cpu" + n
                                + ": the cpufreq driver does not report the current frequency");
                    }
                    return khz / 1000.0;
                }, null));
        if (p.availableGovernors().isEmpty()) {
            out.add(new Attr(spec(d + "/governor", AttributeType.STRING,
                    "scaling governor (the driver lists no available governors: read-only)").build(),
                    () -> policyOf(n).governor(), null));
        } else {
            out.add(new Attr(spec(d + "/governor", AttributeType.ENUM, "scaling governor of " + p.policy()
                    + " (shared by CPUs " + CpuList.format(p.relatedCpus()) + ")")
                    .allowed(p.availableGovernors().toArray(new String[0])).writable(WRITE_MASK).build(),
                    () -> policyOf(n).governor(), v -> writeGovernor(n, (String) v)));
        }
        if (p.hardwareMinKHz() < 0 || p.hardwareMaxKHz() < 0) {
            out.add(new Attr(spec(d + "/scaling_min_mhz", AttributeType.INTEGER,
                    "lower scaling limit (read-only: the hardware limits are unknown)").unit("MHz").build(),
                    () -> mhz(n, policyOf(n).minKHz(), "scaling_min_freq"), null));
            out.add(new Attr(spec(d + "/scaling_max_mhz", AttributeType.INTEGER,
                    "upper scaling limit (read-only: the hardware limits are unknown)").unit("MHz").build(),
                    () -> mhz(n, policyOf(n).maxKHz(), "scaling_max_freq"), null));
            return;
        }
        // whole MHz inside the hardware range, so that every allowed value is a valid kHz limit
        long lo = Math.floorDiv(p.hardwareMinKHz() + 999, 1000);
        long hi = Math.floorDiv(p.hardwareMaxKHz(), 1000);
        String shared = " of " + p.policy() + " (shared by CPUs " + CpuList.format(p.relatedCpus()) + "; not above "
                + "the other limit)";
        out.add(new Attr(spec(d + "/scaling_min_mhz", AttributeType.INTEGER, "lower scaling limit" + shared)
                .unit("MHz").range(lo, hi).writable(WRITE_MASK).build(),
                () -> mhz(n, policyOf(n).minKHz(), "scaling_min_freq"), v -> writeLimit(n, true, (Long) v)));
        out.add(new Attr(spec(d + "/scaling_max_mhz", AttributeType.INTEGER, "upper scaling limit" + shared)
                .unit("MHz").range(lo, hi).writable(WRITE_MASK).build(),
                () -> mhz(n, policyOf(n).maxKHz(), "scaling_max_freq"), v -> writeLimit(n, false, (Long) v)));
    }

    /* Registered without cpufreq: says so while that holds; should a driver appear later, the value as text. */
    private Object noDriver(int n, String name) throws HalException {
        Optional<CpuFreqPolicy> p = cpus.cpufreq(n);
        if (p.isEmpty()) {
            return CpuFreqPolicy.NO_DRIVER;
        }
        return switch (name) {
            case "governor" -> p.get().governor();
            case "frequency_mhz" -> p.get().currentKHz() < 0 ? "unknown" : Double.toString(p.get().currentKHz() / 1000.0);
            case "scaling_min_mhz" -> Long.toString(Math.round(p.get().minKHz() / 1000.0));
            default -> Long.toString(Math.round(p.get().maxKHz() / 1000.0));
        };
    }

    private CpuFreqPolicy policyOf(int n) throws HalException {
        return cpus.cpufreq(n).orElseThrow(() -> new HalException(ErrorCode.UNSUPPORTED,
                "cpu" + n + ": " + CpuFreqPolicy.NO_DRIVER + " (it went away)"));
    }

    private static long mhz(int n, long khz, String file) throws HalException {
        if (khz < 0) {
            throw new HalException(ErrorCode.UNSUPPORTED, "cpu" + n + ": the cpufreq driver does not report " + file);
        }
        return Math.round(khz / 1000.0);
    }

    private void writeGovernor(int n, String governor) throws HalException {
        CpuFreqPolicy p = policyOf(n);
        if (cpus instanceof CpuServiceImpl impl) {
            impl.setGovernor(n, governor, WriteOrigin.SYSFS);
        } else {
            cpus.setGovernor(n, governor);
        }
        siblingsChanged(p, n, "governor");
    }

    /*
     * One limit is written with the other kept at its current kHz value; the service validates
     * min <= max and the hardware range. One limit write at a time in this bundle, so that two writers
     * of the two limits do not each keep the other's stale value.
     */
    private void writeLimit(int n, boolean min, long mhz) throws HalException {
        synchronized (limitLock) {
            CpuFreqPolicy p = policyOf(n);
            long other = min ? p.maxKHz() : p.minKHz();
            if (other < 0) {
                throw new HalException(ErrorCode.UNSUPPORTED, "cpu" + n + ": the cpufreq driver does not report "
                        + (min ? "scaling_max_freq" : "scaling_min_freq") + "; nothing changed");
            }
            long lo = min ? mhz * 1000 : other;
            long hi = min ? other : mhz * 1000;
            if (cpus instanceof CpuServiceImpl impl) {
                impl.setFrequencyLimits(n, lo, hi, WriteOrigin.SYSFS);
            } else {
                cpus.setFrequencyLimits(n, lo, hi);
            }
            siblingsChanged(p, n, min ? "scaling_min_mhz" : "scaling_max_mhz");
        }
    }

    private void siblingsChanged(CpuFreqPolicy p, int written, String name) {
        for (int other : p.relatedCpus()) {
            if (other != written) {
                changed.accept(dir(other) + "/" + name);
            }
        }
    }

    private void temperature(LogicalCpu c, String d, List<Attribute> out) {
        int n = c.number();
        if (sensorOf(cpus.temperatures(), c).isEmpty()) {
            out.add(new Attr(spec(d + "/temperature", AttributeType.STRING,
                    "'" + NO_SENSOR + "': the host has no CPU temperature sensor").build(), () -> {
                        Optional<CpuTemperature> t = sensorOf(cpus.temperatures(), cpu(n));
                        return t.isEmpty() ? NO_SENSOR : Double.toString(t.get().celsius());
                    }, null));
            return;
        }
        out.add(new Attr(spec(d + "/temperature", AttributeType.DECIMAL, "temperature of the core (coretemp 'Core N' of "
                + "its package), else of its package ('Package id N'), else of the first CPU sensor (Tctl, thermal zone)")
                .unit("C").build(), () -> sensorOf(cpus.temperatures(), cpu(n)).orElseThrow(() -> new HalException(
                        ErrorCode.UNSUPPORTED, "cpu" + n + ": the CPU temperature sensor went away")).celsius(), null));
    }

    /**
     * Picks the reading for a CPU: {@code Core <core id>} of the hwmon device that also has
     * {@code Package id <package id>} (coretemp), else that package reading, else the first reading.
     *
     * @param temps the readings, in the service's order
     * @param c     a logical CPU
     * @return the reading, empty when there is none
     */
    static Optional<CpuTemperature> sensorOf(List<CpuTemperature> temps, LogicalCpu c) {
        String pkgLabel = "Package id " + c.packageId();
        for (CpuTemperature pkg : temps) {
            if (pkg.label().equals(pkgLabel)) {
                String hw = device(pkg.source());
                for (CpuTemperature t : temps) {
                    if (device(t.source()).equals(hw) && t.label().equals("Core " + c.coreId())) {
                        return Optional.of(t);
                    }
                }
                return Optional.of(pkg);
            }
        }
        return temps.stream().findFirst();
    }

    private static String device(String source) {
        int slash = source.indexOf('/');
        return slash < 0 ? source : source.substring(0, slash);
    }

    private void caches(int n, String d, List<Attribute> out) {
        String cacheDir = CpuInventoryReader.CPU_DIR + "/cpu" + n + "/cache";
        List<String> names;
        try {
            names = host.list(cacheDir);
        } catch (IOException e) {
            return; // no cache directory (offline CPU, some VMs): no cache attributes
        }
        for (String index : names) {
            if (!index.matches("index[0-9]{1,3}")) {
                continue;
            }
            for (String[] f : CACHE_FILES) {
                String file = cacheDir + "/" + index + "/" + f[1];
                if (!host.exists(file)) {
                    continue;
                }
                String path = d + "/cache/" + index + "/" + f[0];
                out.add(switch (f[0]) {
                    case "type", "shared_cpu_list" -> new Attr(spec(path, AttributeType.STRING, "cache " + f[1]
                            + " (" + file + ")").build(), () -> text(file), null);
                    case "size_kb" -> new Attr(spec(path, AttributeType.INTEGER, "cache size (" + file + ")")
                            .unit("KiB").build(), () -> Formats.parseSize(text(file), host.resolve(file).toString()) / 1024,
                            null);
                    default -> new Attr(spec(path, AttributeType.INTEGER, "cache " + f[1] + " (" + file + ")")
                            .unit(f[0].equals("line_size") ? "bytes" : "").build(),
                            () -> Formats.parseLong(text(file), host.resolve(file).toString()), null);
                });
            }
        }
    }
}
