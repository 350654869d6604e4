package aegis.hal.capability.internal;

import java.time.Instant;

/**
 * Maps token times (wall-clock epoch seconds) onto the monotonic clock once, at start, so that
 * expiry is decided by the monotonic clock while the runtime runs.
 *
 * <ul>
 * <li>The anchor is the later of the wall clock now and the wall-clock high-water mark persisted
 * by the previous run, so a wall clock set back while the runtime was down does not extend grants.
 * <li>A wall clock stepped back while running is ignored: the monotonic clock decides.
 * <li>{@link #resync()} (called periodically) detects time the monotonic clock did not count (system
 * suspend, a wall clock stepped forward) and moves the monotonic view forward by it, never back:
 * grants may end early, never late.
 * </ul>
 * Thread-safe.
 */
public final class TimeBase {
    /** Wall time the monotonic view may lag before {@link #resync()} corrects it. */
    static final long RESYNC_SLACK_NANOS = 1_000_000_000L;

    private final Clock clock;
    private final long anchorWallMillis;
    private final long anchorNanos;
    private volatile long skewNanos;

    /**
     * @param clock            the clocks
     * @param highWaterMillis  the persisted wall-clock high-water mark, or 0
     */
    public TimeBase(Clock clock, long highWaterMillis) {
        this.clock = clock;
        this.anchorNanos = clock.nanoTime();
        this.anchorWallMillis = Math.max(clock.wallMillis(), highWaterMillis);
    }

    /** @return the monotonic now, in the nanosecond scale of {@link #toNanos} */
    public long now() {
        return clock.nanoTime() + skewNanos;
    }

    /**
     * @param epochSeconds a token time
     * @return the same instant on the monotonic scale (saturated at the long range)
     */
    public long toNanos(long epochSeconds) {
        long deltaMillis;
        try {
            deltaMillis = Math.subtractExact(Math.multiplyExact(epochSeconds, 1000L), anchorWallMillis);
            return Math.addExact(anchorNanos, Math.multiplyExact(deltaMillis, 1_000_000L));
        } catch (ArithmeticException e) {
            return epochSeconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** @return the wall-clock instant that corresponds to the monotonic now (never goes back) */
    public Instant wallNow() {
        return Instant.ofEpochMilli(wallMillisNow());
    }

    /** @return the wall-clock epoch milliseconds that correspond to the monotonic now */
    public long wallMillisNow() {
        return anchorWallMillis + Math.floorDiv(now() - anchorNanos, 1_000_000L);
    }

    /**
     * Moves the monotonic view forward when the wall clock ran ahead of it by more than a second.
     *
     * @return the nanoseconds added, 0 when none
     */
    public synchronized long resync() {
        long wallElapsed = (clock.wallMillis() - anchorWallMillis) * 1_000_000L;
        long monoElapsed = now() - anchorNanos;
        long lag = wallElapsed - monoElapsed;
        if (lag > RESYNC_SLACK_NANOS) {
            skewNanos += lag;
            return lag;
        }
        return 0;
    }
}
