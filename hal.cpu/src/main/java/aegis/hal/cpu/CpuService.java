package aegis.hal.cpu;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's processors, read through the host root ({@code /} on a real machine, a fixture tree
 * in tests). Registered as a service by the hal.cpu bundle. All methods are thread-safe.
 *
 * <p>Errors: a CPU number the host does not have gives {@link aegis.hal.api.error.ErrorCode#NOT_FOUND};
 * host files whose content cannot be parsed give {@code BAD_FORMAT} naming the file; files that cannot
 * be read give {@code IO}; invalid arguments give {@code INVALID_ARGUMENT} and change nothing.
 */
@ProviderType
public interface CpuService {
    /**
     * Returns the processors as last read. The first call reads the host; later calls return the
     * same snapshot until {@link #refresh()}.
     *
     * @return the snapshot
     * @throws HalException if the host's CPU files cannot be read or parsed
     */
    CpuInventory inventory() throws HalException;

    /**
     * Reads the host again (after CPU hotplug, for example) and replaces the snapshot.
     *
     * @return the new snapshot
     * @throws HalException if the host's CPU files cannot be read or parsed; the old snapshot stays
     */
    CpuInventory refresh() throws HalException;

    /**
     * Reads the kernel's view of the CPU vulnerabilities and their mitigations
     * ({@code /sys/devices/system/cpu/vulnerabilities}), live.
     *
     * @return file name (for example {@code spectre_v2}) to its content, by name; empty on kernels
     *         without the directory
     * @throws HalException IO if the directory exists but cannot be listed
     */
    java.util.Map<String, String> vulnerabilities() throws HalException;

    /**
     * Reads and decodes the CPUID leaves of one CPU from {@code /dev/cpu/N/cpuid} (Linux's cpuid
     * driver; root only).
     *
     * @param cpu a CPU number
     * @return the decoded CPUID, or empty when the device is absent or not readable (no cpuid
     *         driver, not root, a fixture tree without device nodes, not x86)
     * @throws HalException NOT_FOUND for an unknown CPU, BAD_FORMAT if the device returns short data
     */
    Optional<CpuidInfo> cpuid(int cpu) throws HalException;

    /**
     * Reads the cpufreq policy that controls one CPU.
     *
     * @param cpu a CPU number
     * @return the policy, or empty when the kernel has no cpufreq driver for it (then show
     *         {@link CpuFreqPolicy#NO_DRIVER}, never invented numbers)
     * @throws HalException NOT_FOUND for an unknown CPU, BAD_FORMAT or IO for unreadable policy files
     */
    Optional<CpuFreqPolicy> cpufreq(int cpu) throws HalException;

    /**
     * Sets the scaling governor of the policy that controls a CPU, through the host root.
     *
     * @param cpu      a CPU number
     * @param governor one of the policy's {@link CpuFreqPolicy#availableGovernors()}
     * @throws HalException NOT_FOUND for an unknown CPU; UNSUPPORTED without cpufreq;
     *                      INVALID_ARGUMENT for a governor that is not available; PERMISSION_DENIED
     *                      when the {@link CpuWriteAuthorizer} refuses or none is there; IO if the
     *                      write fails
     */
    void setGovernor(int cpu, String governor) throws HalException;

    /**
     * Sets the scaling limits of the policy that controls a CPU, through the host root. Both are
     * validated before either is written: {@code hardwareMin <= min <= max <= hardwareMax}. They are
     * written in the order that keeps {@code min <= max} true on the host at every step.
     *
     * @param cpu    a CPU number
     * @param minKHz the new {@code scaling_min_freq}
     * @param maxKHz the new {@code scaling_max_freq}
     * @throws HalException as for {@link #setGovernor(int, String)}; INVALID_ARGUMENT for limits out
     *                      of range or in the wrong order
     */
    void setFrequencyLimits(int cpu, long minKHz, long maxKHz) throws HalException;

    /**
     * Reads the time counters of {@code /proc/stat}.
     *
     * @return the aggregate line (cpu -1) first, then one entry per online CPU
     * @throws HalException if {@code /proc/stat} cannot be read or parsed
     */
    List<CpuTimes> times() throws HalException;

    /**
     * Samples {@code /proc/stat} twice, {@code interval} apart, and returns the usage in between.
     * Blocks the calling thread for the interval.
     *
     * @param interval the sampling interval, 1 ms to 60 s
     * @return the aggregate usage (cpu -1) first, then one entry per CPU present in both samples
     * @throws HalException         INVALID_ARGUMENT for an interval out of range; as {@link #times()}
     * @throws InterruptedException if interrupted while waiting
     */
    List<CpuUsage> usage(Duration interval) throws HalException, InterruptedException;

    /**
     * Reads CPU temperatures from hwmon sensors of CPU drivers (coretemp, k10temp, zenpower, ...)
     * and from CPU thermal zones ({@code x86_pkg_temp}, {@code cpu-thermal}, ...).
     *
     * @return the readings, empty when the host has no such sensor
     */
    List<CpuTemperature> temperatures();

    /**
     * Creates per-CPU storage with one slot per possible CPU number.
     *
     * @param <T>     the slot type
     * @param initial makes each slot's initial value from its CPU number
     * @return the storage, sized from the highest possible CPU number plus one
     * @throws HalException if the CPU count cannot be read
     */
    <T> PerCpu<T> perCpu(IntFunction<? extends T> initial) throws HalException;
}
