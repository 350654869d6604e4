package aegis.hal.cpu.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.cpu.CpuTimes;
import aegis.hal.cpu.CpuUsage;

/**
 * The usage behind {@code /sys/hal/cpu/<n>/usage_percent}: two readings of {@code /proc/stat} an
 * interval apart, kept for a short while so that reading every CPU's attribute (a {@code sys:tree})
 * costs one sampling, not one per CPU. Thread-safe: one sampling at a time (the interval is the
 * only wait; concurrent readers take its result).
 */
final class UsageSampler {
    /** Reads {@code /proc/stat}. */
    @FunctionalInterface
    interface Times {
        List<CpuTimes> read() throws HalException;
    }

    /** Waits for the sampling interval. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Times times;
    private final long intervalMillis;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private List<CpuUsage> last; // guarded by this
    private long lastAt; // guarded by this

    /**
     * @param times    reads the time counters
     * @param interval the sampling interval
     * @param maxAge   how long a sampled result is handed out again
     * @param clock    a nanosecond clock
     * @param sleeper  waits for the interval
     */
    UsageSampler(Times times, Duration interval, Duration maxAge, LongSupplier clock, Sleeper sleeper) {
        this.times = times;
        this.intervalMillis = interval.toMillis();
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = clock;
        this.sleeper = sleeper;
    }

    /**
     * @param cpu a CPU number
     * @return its busy share over the last sampling interval, in percent, rounded to 0.1
     * @throws HalException UNSUPPORTED when {@code /proc/stat} has no line for it (offline); IO when
     *                      interrupted; as {@link aegis.hal.cpu.CpuService#times()}
     */
    double busyPercent(int cpu) throws HalException {
        for (CpuUsage u : recent()) {
            if (u.cpu() == cpu) {
                return Math.round(u.busy() * 10) / 10.0;
            }
        }
        throw new HalException(ErrorCode.UNSUPPORTED, "cpu" + cpu + " has no line in /proc/stat (offline): no usage");
    }

    private synchronized List<CpuUsage> recent() throws HalException {
        long now = nanoClock.getAsLong();
        if (last != null && now - lastAt < maxAgeNanos) {
            return last;
        }
        List<CpuTimes> before = times.read();
        try {
            sleeper.sleep(intervalMillis); // the sampling interval itself, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException(ErrorCode.IO, "interrupted while sampling /proc/stat", e);
        }
        last = CpuServiceImpl.usageBetween(before, times.read());
        lastAt = nanoClock.getAsLong();
        return last;
    }
}
