package aegis.hal.capability.testkit;

import java.util.concurrent.atomic.AtomicLong;

import aegis.hal.capability.internal.Clock;

/** A clock that moves only when told to. Thread-safe. */
public final class ManualClock implements Clock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong wall;

    /** @param wallMillis the initial wall clock */
    public ManualClock(long wallMillis) {
        this.wall = new AtomicLong(wallMillis);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long wallMillis() {
        return wall.get();
    }

    /** Moves both clocks forward. */
    public void advanceNanos(long n) {
        nanos.addAndGet(n);
        wall.addAndGet(n / 1_000_000L);
    }

    /** Moves both clocks forward. */
    public void advanceSeconds(long s) {
        advanceNanos(s * 1_000_000_000L);
    }

    /** Steps the wall clock only (NTP step, administrator, suspend when combined with no nanos). */
    public void stepWall(long millis) {
        wall.addAndGet(millis);
    }
}
