package aegis.hal.cpu.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Services a component registers from its own thread: each is kept unless the component closed
 * meanwhile (then it is withdrawn at once), and {@link #close()} withdraws them all, newest first.
 * Registration itself runs without the lock, because service listeners run synchronously inside it.
 * Thread-safe.
 */
final class Registrations {
    private final List<Runnable> unregister = new ArrayList<>();
    private boolean closed;

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

    /** Withdraws every kept service, newest first; later {@link #keep} calls withdraw at once. */
    void close() {
        List<Runnable> all;
        synchronized (unregister) {
            closed = true;
            all = new ArrayList<>(unregister);
            unregister.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).run();
        }
    }
}
