package aegis.hal.cpu;

/**
 * How one CPU spent a sampling interval, in percent of that interval. {@code user} includes
 * {@code nice}, {@code system} includes interrupt time; the five parts add up to 100 (up to
 * rounding) unless nothing was counted, when all are 0. Immutable, thread-safe.
 *
 * @param cpu    the CPU number, or -1 for all CPUs together
 * @param user   user (and nice) time
 * @param system kernel, irq and softirq time
 * @param idle   idle time
 * @param iowait idle time with I/O outstanding
 * @param steal  time stolen by the hypervisor
 */
public record CpuUsage(int cpu, double user, double system, double idle, double iowait, double steal) {
    /** @return the busy share: 100 less idle and iowait */
    public double busy() {
        return user + system + steal;
    }

    /**
     * Computes the usage between two readings of the same CPU. Counters that went backwards (a CPU
     * that went offline and came back) count as 0.
     *
     * @param before the earlier reading
     * @param after  the later reading
     * @return the usage in the interval between them
     * @throws IllegalArgumentException if the readings are of different CPUs
     */
    public static CpuUsage between(CpuTimes before, CpuTimes after) {
        if (before.cpu() != after.cpu()) {
            throw new IllegalArgumentException("readings of different CPUs: " + before.cpu() + " and " + after.cpu());
        }
        long user = delta(before.user(), after.user()) + delta(before.nice(), after.nice());
        long system = delta(before.system(), after.system()) + delta(before.irq(), after.irq())
                + delta(before.softirq(), after.softirq());
        long idle = delta(before.idle(), after.idle());
        long iowait = delta(before.iowait(), after.iowait());
        long steal = delta(before.steal(), after.steal());
        double total = (double) user + system + idle + iowait + steal;
        if (total <= 0) {
            return new CpuUsage(after.cpu(), 0, 0, 0, 0, 0);
        }
        return new CpuUsage(after.cpu(), 100 * user / total, 100 * system / total, 100 * idle / total,
                100 * iowait / total, 100 * steal / total);
    }

    private static long delta(long a, long b) {
        return b >= a ? b - a : 0;
    }
}
