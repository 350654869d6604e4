package aegis.hal.cpu.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuService;
import aegis.hal.cpu.internal.parse.CpuList;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code hal:cpu} and {@code hal:cpufreq} shell commands. They return text or JSON for Gogo to
 * print; errors are returned as a message naming what was wrong. Thread-safe.
 */
@Component(service = Object.class, property = {"osgi.command.scope=hal", "osgi.command.function=cpu",
    "osgi.command.function=cpufreq"})
public final class CpuCommands {
    private static final Duration USAGE_INTERVAL = Duration.ofMillis(200);

    private final CpuService cpus;

    /** @param cpus the CPU service */
    @Activate
    public CpuCommands(@Reference(name = "cpus") CpuService cpus) {
        this.cpus = cpus;
    }

    /**
     * @param json     JSON output
     * @param extended the CPU table
     * @param caches   the cache table
     * @param id       one CPU to show ({@code 0}, {@code cpu0} or {@code cpu:0}), empty for all
     * @return the summary, the CPU table, the cache table or one CPU's attributes
     */
    @Descriptor("show the CPUs, like lscpu; with --cpu one CPU's attributes (online, ids, frequency, governor, "
            + "temperature, usage, caches, CPUID)")
    public String cpu(
            @Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("one line per CPU, like lscpu -e") @Parameter(names = {"-e", "--extended"}, presentValue = "true",
                    absentValue = "false") boolean extended,
            @Descriptor("the caches, like lscpu -C") @Parameter(names = {"-C", "--caches"}, presentValue = "true",
                    absentValue = "false") boolean caches,
            @Descriptor("one CPU: 0, cpu0 or cpu:0") @Parameter(names = {"-c", "--cpu"}, absentValue = "") String id) {
        if (!id.isEmpty()) {
            return one(json, id);
        }
        try {
            LscpuView v = new LscpuView(cpus.refresh(), cpus.vulnerabilities());
            if (extended) {
                return json ? Json.pretty(Map.of("cpus", v.cpus())) : v.cpusText();
            }
            if (caches) {
                return json ? Json.pretty(Map.of("caches", v.caches())) : v.cachesText();
            }
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("inventory", cpus.inventory());
                out.put("vulnerabilities", cpus.vulnerabilities());
                return Json.pretty(out);
            }
            return v.summaryText();
        } catch (HalException e) {
            return "error: " + e.getMessage();
        }
    }

    private String one(boolean json, String id) {
        Optional<Integer> n = parseCpu(id);
        if (n.isEmpty()) {
            return "error: '" + id + "' is not a CPU (expected 0, cpu0 or cpu:0)";
        }
        try {
            Map<String, Object> attrs = CpuAttributes.of(cpus, n.get(), USAGE_INTERVAL);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("cpu", n.get());
                out.putAll(attrs);
                return Json.pretty(out);
            }
            StringBuilder sb = new StringBuilder("cpu" + n.get() + System.lineSeparator());
            attrs.forEach((k, v) -> sb.append(String.format("  %-14s %s%n", k, v)));
            return sb.toString();
        } catch (HalException e) {
            return "error: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
    }

    /**
     * @param json JSON output
     * @param id   a CPU
     * @return the cpufreq policy of the CPU, or why there is none
     */
    @Descriptor("show the cpufreq policy of a CPU")
    public String cpufreq(
            @Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the CPU: 0, cpu0 or cpu:0") String id) {
        Optional<Integer> n = parseCpu(id);
        if (n.isEmpty()) {
            return "error: '" + id + "' is not a CPU (expected 0, cpu0 or cpu:0)";
        }
        try {
            Optional<CpuFreqPolicy> p = cpus.cpufreq(n.get());
            if (p.isEmpty()) {
                return json ? Json.pretty(Map.of("cpu", n.get(), "cpufreq", CpuFreqPolicy.NO_DRIVER))
                        : "cpu" + n.get() + ": " + CpuFreqPolicy.NO_DRIVER;
            }
            if (json) {
                return Json.pretty(p.get());
            }
            CpuFreqPolicy f = p.get();
            return String.format("cpu%d: %s (CPUs %s)%n  driver     %s%n  governor   %s (available: %s)%n"
                    + "  hardware   %s .. %s kHz%n  limits     %s .. %s kHz%n  current    %s kHz%n", n.get(), f.policy(),
                    CpuList.format(f.relatedCpus()), f.driver(), f.governor(), String.join(" ", f.availableGovernors()),
                    k(f.hardwareMinKHz()), k(f.hardwareMaxKHz()), k(f.minKHz()), k(f.maxKHz()), k(f.currentKHz()));
        } catch (HalException e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * @param id       a CPU
     * @param setting  {@code governor}
     * @param governor the governor
     * @return what was done, or why not
     */
    @Descriptor("set the cpufreq governor of a CPU's policy (needs ADMIN and WRITE)")
    public String cpufreq(@Descriptor("the CPU: 0, cpu0 or cpu:0") String id,
            @Descriptor("the word 'governor'") String setting, @Descriptor("the governor") String governor) {
        Optional<Integer> n = parseCpu(id);
        if (n.isEmpty() || !setting.equals("governor")) {
            return "error: usage: cpufreq <cpu> governor <name>, or cpufreq <cpu> limits <minKHz> <maxKHz>";
        }
        try {
            cpus.setGovernor(n.get(), governor);
            return "cpu" + n.get() + ": governor set to " + governor;
        } catch (HalException e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * @param id      a CPU
     * @param setting {@code limits}
     * @param minKHz  the new minimum in kHz
     * @param maxKHz  the new maximum in kHz
     * @return what was done, or why not
     */
    @Descriptor("set the cpufreq limits of a CPU's policy in kHz (needs ADMIN and WRITE)")
    public String cpufreq(@Descriptor("the CPU: 0, cpu0 or cpu:0") String id,
            @Descriptor("the word 'limits'") String setting, @Descriptor("minimum kHz") long minKHz,
            @Descriptor("maximum kHz") long maxKHz) {
        Optional<Integer> n = parseCpu(id);
        if (n.isEmpty() || !setting.equals("limits")) {
            return "error: usage: cpufreq <cpu> governor <name>, or cpufreq <cpu> limits <minKHz> <maxKHz>";
        }
        try {
            cpus.setFrequencyLimits(n.get(), minKHz, maxKHz);
            return "cpu" + n.get() + ": limits set to " + minKHz + " .. " + maxKHz + " kHz";
        } catch (HalException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String k(long v) {
        return v < 0 ? "unknown" : Long.toString(v);
    }

    static Optional<Integer> parseCpu(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String s = id.startsWith("cpu:") ? id.substring(4) : id.startsWith("cpu") ? id.substring(3) : id;
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }
}
