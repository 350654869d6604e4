package aegis.hal.capability.internal;

/** The two clocks the capability service reads; replaced by a manual clock in tests. */
public interface Clock {
    /** The system clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    };

    /** @return a monotonic time in nanoseconds ({@link System#nanoTime()}) */
    long nanoTime();

    /** @return the wall clock in epoch milliseconds ({@link System#currentTimeMillis()}) */
    long wallMillis();
}
