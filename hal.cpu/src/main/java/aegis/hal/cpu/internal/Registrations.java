package aegis.hal.cpu.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Services a component registers from its own thread (off the activation thread, so that a slow
 * host read does not hold SCR): each is kept unless the component closed meanwhile (then it is
 * withdrawn at once), and {@link #close()} stops the thread and withdraws them all, newest first.
 * Registration itself runs without the lock, because service listeners run synchronously inside it.
 * Thread-safe.
 */
final class Registrations {
    private final List<Runnable> unregister = new ArrayList<>();
    private final ExecutorService executor;
    private boolean closed;

    /** @param threadName the name of the component's registering thread (a daemon) */
    Registrations(String threadName) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the component's registering task on its thread. Call it once the component's fields are
     * set: the task starts at once.
     *
     * @param task builds and registers the services through {@link #keep}
     */
    void start(Runnable task) {
        executor.execute(task);
    }

    /**
     * @param registration what withdraws a service just registered
     * @return whether it is kept; {@code false} if the component closed (it was withdrawn)
     */
    boolean keep(Runnable registration) {
        synchronized (unregister) {
            if (!closed) {
                unregister.add(registration);
                return true;
            }
        }
        registration.run();
        return false;
    }

    /** @return whether {@link #close()} was called */
    boolean closed() {
        synchronized (unregister) {
            return closed;
        }
    }

    /**
     * Interrupts the registering thread, withdraws every kept service, newest first (later
     * {@link #keep} calls withdraw at once), and waits up to 5 s for the thread to end.
     */
    void close() {
        executor.shutdownNow();
        List<Runnable> all;
        synchronized (unregister) {
            closed = true;
            all = new ArrayList<>(unregister);
            unregister.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).run();
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
