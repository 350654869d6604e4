package aegis.hal.registry.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs driver callbacks on worker threads ("hal-registry-worker-N"), each phase of a call under
 * its own deadline, watched by one watchdog thread ("hal-registry-watchdog"). A call that misses
 * its deadline is completed with its timeout outcome at once and its thread is interrupted; the
 * pool grows by one thread for as long as that thread stays stuck, so a hung driver never starves
 * the others.
 */
final class CallbackRunner implements AutoCloseable {
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ThreadPoolExecutor pool;
    private final Thread watchdog;
    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private final Object sizeLock = new Object();
    private volatile boolean closed;
    private int stuck;
    private final int baseThreads;

    /** One callback sequence: runs {@link #body()}, and completes exactly once. */
    abstract static class Call implements Runnable {
        private final AtomicBoolean finished = new AtomicBoolean();
        private CallbackRunner owner;
        private Thread runner;
        private volatile long deadline;
        private volatile String phase = "";
        private volatile DriverRecord phaseDriver;
        private volatile long phaseMillis;

        /**
         * Enters a phase with a deadline counted from now.
         *
         * @param name   the callback name (match, init, probe, ...)
         * @param driver the driver whose code runs in it
         * @param millis the deadline
         */
        final void phase(String name, DriverRecord driver, long millis) {
            phase = name;
            phaseDriver = driver;
            phaseMillis = millis;
            long d = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            deadline = d;
            owner.deadlineSet(millis);
        }

        /** Leaves the current phase: no deadline until the next one. */
        final void noPhase() {
            deadline = 0;
        }

        /** @return the outcome of the call; driver failures are outcomes, not exceptions */
        abstract Object body();

        /**
         * Receives the outcome, exactly once: the body's, or the timeout's.
         *
         * @param outcome the outcome
         */
        abstract void complete(Object outcome);

        /**
         * @param phase  the phase that ran out of time
         * @param driver the driver in that phase
         * @param millis its deadline
         * @return the outcome to complete with
         */
        abstract Object timedOut(String phase, DriverRecord driver, long millis);

        /**
         * @param t an unexpected failure of the body itself
         * @return the outcome to complete with
         */
        abstract Object crashed(Throwable t);

        /**
         * Called when the body finished after its deadline had completed the call.
         *
         * @param outcome what the body returned
         */
        void late(Object outcome) {
        }

        @Override
        public final void run() {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            owner.running.add(this);
            Object out;
            try {
                out = body();
            } catch (Throwable t) {
                out = crashed(t);
            } finally {
                owner.running.remove(this);
                synchronized (this) {
                    runner = null;
                }
                Thread.interrupted();
            }
            if (finished.compareAndSet(false, true)) {
                complete(out);
            } else {
                owner.unstuck();
                late(out);
            }
        }

        private void expire() {
            if (finished.compareAndSet(false, true)) {
                synchronized (this) {
                    if (runner != null) {
                        owner.stuck();
                        runner.interrupt();
                    } else {
                        // finished between the check and now: its late() path will unstuck
                        owner.stuck();
                    }
                }
                complete(timedOut(phase, phaseDriver, phaseMillis));
            }
        }
    }

    CallbackRunner(int threads) {
        this.baseThreads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "hal-registry-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        watchdog = new Thread(this::watch, "hal-registry-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * @param call a call to run on a worker
     */
    void submit(Call call) {
        call.owner = this;
        pool.execute(call);
    }

    /** @param threads the new base number of worker threads */
    void resize(int threads) {
        synchronized (sizeLock) {
            int target = threads + stuck;
            if (target > pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(target);
                pool.setCorePoolSize(target);
            } else {
                pool.setCorePoolSize(target);
                pool.setMaximumPoolSize(target);
            }
        }
    }

    private void stuck() {
        synchronized (sizeLock) {
            stuck++;
            pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
            pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        }
    }

    private void unstuck() {
        synchronized (sizeLock) {
            stuck--;
            pool.setCorePoolSize(Math.max(1, pool.getCorePoolSize() - 1));
            pool.setMaximumPoolSize(Math.max(pool.getCorePoolSize(), pool.getMaximumPoolSize() - 1));
        }
    }

    /** @return worker threads currently stuck in a callback past its deadline */
    int stuckThreads() {
        synchronized (sizeLock) {
            return stuck;
        }
    }

    private void deadlineSet(long millis) {
        if (TimeUnit.MILLISECONDS.toNanos(millis) < MAX_TICK_NANOS) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            long next = now + MAX_TICK_NANOS;
            for (Call c : running) {
                long d = c.deadline;
                if (d == 0) {
                    continue;
                }
                if (now - d >= 0) {
                    c.expire();
                } else if (d - next < 0) {
                    next = d;
                }
            }
            long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()));
            synchronized (wake) {
                if (!closed) {
                    try {
                        wake.wait(waitMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        pool.shutdownNow();
    }

    int baseThreads() {
        return baseThreads;
    }
}
