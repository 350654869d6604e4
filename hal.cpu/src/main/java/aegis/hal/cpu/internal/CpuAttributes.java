package aegis.hal.cpu.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CacheInfo;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuService;
import aegis.hal.cpu.CpuTemperature;
import aegis.hal.cpu.CpuUsage;
import aegis.hal.cpu.CpuidInfo;
import aegis.hal.cpu.LogicalCpu;

/**
 * The per-CPU attributes in the shape the sysfs bundle will publish under
 * {@code /sys/hal/cpu/<n>/}: name to value, read live. Values the host cannot give are said in
 * words ({@code no cpufreq driver}, {@code no sensor}), never invented. Thread-safe.
 */
public final class CpuAttributes {
    /** The attribute names, in display order. */
    public static final List<String> NAMES = List.of("online", "package_id", "die_id", "core_id", "node",
            "frequency_mhz", "governor", "min_freq_khz", "max_freq_khz", "temperature", "usage_percent",
            "caches", "flags", "cpuid");

    private CpuAttributes() {
    }

    /**
     * @param service the CPU service
     * @param cpu     a CPU number
     * @param usage   the usage sampling interval, or null to leave usage out
     * @return the attributes, in {@link #NAMES} order
     * @throws HalException         NOT_FOUND for an unknown CPU; errors of the service
     * @throws InterruptedException if interrupted while sampling usage
     */
    public static Map<String, Object> of(CpuService service, int cpu, Duration usage)
            throws HalException, InterruptedException {
        CpuInventory inv = service.inventory();
        Optional<LogicalCpu> oc = inv.cpu(cpu);
        if (oc.isEmpty()) {
            throw new HalException(aegis.hal.api.error.ErrorCode.NOT_FOUND, "no CPU " + cpu + " on this host");
        }
        LogicalCpu c = oc.get();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("online", c.online());
        a.put("package_id", c.packageId());
        a.put("die_id", c.dieId());
        a.put("core_id", c.coreId());
        a.put("node", c.node());
        Optional<CpuFreqPolicy> p = service.cpufreq(cpu);
        if (p.isPresent()) {
            a.put("frequency_mhz", p.get().currentKHz() < 0 ? "unknown" : p.get().currentKHz() / 1000.0);
            a.put("governor", p.get().governor());
            a.put("min_freq_khz", p.get().minKHz());
            a.put("max_freq_khz", p.get().maxKHz());
        } else {
            a.put("frequency_mhz", CpuFreqPolicy.NO_DRIVER);
            a.put("governor", CpuFreqPolicy.NO_DRIVER);
            a.put("min_freq_khz", CpuFreqPolicy.NO_DRIVER);
            a.put("max_freq_khz", CpuFreqPolicy.NO_DRIVER);
        }
        List<CpuTemperature> temps = service.temperatures();
        a.put("temperature", temps.isEmpty() ? "no sensor" : temps.get(0).celsius());
        if (usage != null) {
            Object u = "offline";
            for (CpuUsage cu : service.usage(usage)) {
                if (cu.cpu() == cpu) {
                    u = Math.round(cu.busy() * 10) / 10.0;
                }
            }
            a.put("usage_percent", u);
        }
        a.put("caches", caches(inv, c));
        a.put("flags", String.join(" ", inv.features().flags()));
        a.put("cpuid", cpuid(service.cpuid(cpu)));
        return a;
    }

    /**
     * @param inv an inventory
     * @param c   one of its CPUs
     * @return its caches in one line, for example {@code L1d 32K 8-way, L1i 32K 8-way}
     */
    static String caches(CpuInventory inv, LogicalCpu c) {
        List<String> caches = new ArrayList<>();
        c.caches().forEach((name, id) -> inv.cache(name, id)
                .ifPresent(ci -> caches.add(name + " " + LscpuView.humanSize(ci.sizeBytes(), false) + " " + ways(ci))));
        return String.join(", ", caches);
    }

    /**
     * @param id a CPU's decoded CPUID, if readable
     * @return {@code <vendor> family <f> model <m> stepping <s>}, or {@code not readable}
     */
    static String cpuid(Optional<CpuidInfo> id) {
        return id.map(i -> String.format(Locale.ROOT, "%s family %d model %d stepping %d", i.vendor(),
                i.family(), i.model(), i.stepping())).orElse("not readable");
    }

    private static String ways(CacheInfo c) {
        return c.ways() + "-way";
    }
}
