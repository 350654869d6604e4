package aegis.hal.cpu.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.internal.parse.CpuInfoParser;
import aegis.hal.cpu.internal.parse.Formats;

/**
 * Reads and writes cpufreq policies under {@code /sys/devices/system/cpu/cpufreq/policyN} through a
 * host root. Validation lives here; the permission check is the caller's. Thread-safe (stateless
 * apart from the host root).
 */
public final class CpuFreqAccess {
    /** The kernel's cpufreq policy directory. */
    public static final String POLICY_DIR = CpuInventoryReader.CPU_DIR + "/cpufreq";

    private final HostRoot host;

    /** @param host the host root */
    public CpuFreqAccess(HostRoot host) {
        this.host = host;
    }

    /**
     * @param cpu a CPU number
     * @return the policy whose {@code related_cpus} contain the CPU, or empty without cpufreq
     * @throws HalException BAD_FORMAT naming a policy file with bad content; IO if the directory
     *                      cannot be listed
     */
    public Optional<CpuFreqPolicy> policyOf(int cpu) throws HalException {
        List<String> names;
        try {
            names = host.list(POLICY_DIR);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, POLICY_DIR + ": cannot list: " + e.getMessage(), e);
        }
        for (String name : names) {
            if (!name.startsWith("policy")) {
                continue;
            }
            String dir = POLICY_DIR + "/" + name;
            List<Integer> related = numbers(dir + "/related_cpus");
            if (related.isEmpty()) {
                related = numbers(dir + "/affected_cpus");
            }
            if (related.contains(cpu)) {
                return Optional.of(read(name, related));
            }
        }
        return Optional.empty();
    }

    private CpuFreqPolicy read(String name, List<Integer> related) throws HalException {
        String dir = POLICY_DIR + "/" + name;
        return new CpuFreqPolicy(name, numbers(dir + "/affected_cpus"), related,
                host.readOptional(dir + "/scaling_driver").orElse(""),
                host.readOptional(dir + "/scaling_governor").orElse(""),
                CpuInfoParser.words(host.readOptional(dir + "/scaling_available_governors").orElse("")),
                khz(dir + "/cpuinfo_min_freq"), khz(dir + "/cpuinfo_max_freq"), khz(dir + "/scaling_min_freq"),
                khz(dir + "/scaling_max_freq"), khz(dir + "/scaling_cur_freq"));
    }

    /**
     * Validates and writes a governor.
     *
     * @param policy   the policy, as just read
     * @param governor the governor
     * @throws HalException INVALID_ARGUMENT if not available; IO if the write fails
     */
    public void writeGovernor(CpuFreqPolicy policy, String governor) throws HalException {
        validateGovernor(policy, governor);
        write(policy, "scaling_governor", governor);
    }

    /**
     * @param policy   a policy
     * @param governor a governor
     * @throws HalException INVALID_ARGUMENT if the governor is not one of the policy's available ones
     */
    public static void validateGovernor(CpuFreqPolicy policy, String governor) throws HalException {
        if (governor == null || !policy.availableGovernors().contains(governor)) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "governor '" + governor + "' is not available for "
                    + policy.policy() + "; available: " + String.join(" ", policy.availableGovernors()));
        }
    }

    /**
     * @param policy a policy
     * @param minKHz a new minimum
     * @param maxKHz a new maximum
     * @throws HalException INVALID_ARGUMENT unless {@code hardwareMin <= min <= max <= hardwareMax}
     */
    public static void validateLimits(CpuFreqPolicy policy, long minKHz, long maxKHz) throws HalException {
        if (minKHz > maxKHz) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "minimum " + minKHz + " kHz is above maximum " + maxKHz
                    + " kHz; nothing changed");
        }
        if (policy.hardwareMinKHz() < 0 || policy.hardwareMaxKHz() < 0) {
            throw new HalException(ErrorCode.UNSUPPORTED, policy.policy()
                    + ": the hardware limits (cpuinfo_min_freq/cpuinfo_max_freq) are unknown; nothing changed");
        }
        if (minKHz < policy.hardwareMinKHz() || maxKHz > policy.hardwareMaxKHz()) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "limits " + minKHz + ".." + maxKHz
                    + " kHz are outside the hardware range " + policy.hardwareMinKHz() + ".."
                    + policy.hardwareMaxKHz() + " kHz of " + policy.policy() + "; nothing changed");
        }
    }

    /**
     * Validates and writes both limits, in the order that keeps min &lt;= max on the host throughout.
     *
     * @param policy the policy, as just read
     * @param minKHz the new minimum
     * @param maxKHz the new maximum
     * @throws HalException INVALID_ARGUMENT if out of range; IO if a write fails
     */
    public void writeLimits(CpuFreqPolicy policy, long minKHz, long maxKHz) throws HalException {
        validateLimits(policy, minKHz, maxKHz);
        if (policy.maxKHz() >= 0 && minKHz > policy.maxKHz()) {
            write(policy, "scaling_max_freq", Long.toString(maxKHz));
            write(policy, "scaling_min_freq", Long.toString(minKHz));
        } else {
            write(policy, "scaling_min_freq", Long.toString(minKHz));
            write(policy, "scaling_max_freq", Long.toString(maxKHz));
        }
    }

    private void write(CpuFreqPolicy policy, String attr, String value) throws HalException {
        String path = POLICY_DIR + "/" + policy.policy() + "/" + attr;
        try {
            host.writeString(path, value);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, path + ": cannot write '" + value + "': " + e, e);
        }
    }

    private long khz(String path) throws HalException {
        Optional<String> v = host.readOptional(path);
        if (v.isEmpty() || v.get().strip().equals("<unknown>")) {
            return -1;
        }
        long x = Formats.parseLong(v.get(), path);
        if (x < 0) {
            throw Formats.bad(path, "negative frequency " + x);
        }
        return x;
    }

    private List<Integer> numbers(String path) throws HalException {
        List<Integer> out = new ArrayList<>();
        for (String w : CpuInfoParser.words(host.readOptional(path).orElse(""))) {
            int n = Formats.parseInt(w, path);
            if (n > Formats.MAX_CPU) {
                throw Formats.bad(path, "CPU number " + n + " too large");
            }
            out.add(n);
        }
        return out;
    }
}
