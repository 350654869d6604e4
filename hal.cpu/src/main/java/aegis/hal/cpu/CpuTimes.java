package aegis.hal.cpu;

/**
 * The cumulative time counters of one CPU line of {@code /proc/stat}, in clock ticks (USER_HZ).
 * Immutable, thread-safe.
 *
 * @param cpu     the CPU number, or -1 for the aggregate {@code cpu} line
 * @param user    time in user mode
 * @param nice    time in user mode with low priority
 * @param system  time in kernel mode
 * @param idle    idle time
 * @param iowait  idle time with I/O outstanding
 * @param irq     time servicing interrupts
 * @param softirq time servicing soft interrupts
 * @param steal   time stolen by the hypervisor
 */
public record CpuTimes(int cpu, long user, long nice, long system, long idle, long iowait, long irq, long softirq,
        long steal) {
    /** @return the sum of all counters */
    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }
}
