package aegis.hal.registry.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Counts each subsystem's discovery mark (a {@code aegis.hal.discovery} service) exactly once
 * towards the registry's pending work, whatever order Declarative Services reports them in. A mark
 * unregistered while the registry component activates can be reported as gone without ever having
 * been reported as present, or reported present after it is gone; counted naively, the first left
 * the registry's pending count at -1 for good (it never settled again, as seen in a one-shot run)
 * and the second would leave it at +1. Thread-safe.
 */
final class DiscoveryMarks {
    private final Set<Long> counted = ConcurrentHashMap.newKeySet();
    private final Runnable started;
    private final Runnable ended;

    /**
     * @param started called once per mark that is counted
     * @param ended   called once per counted mark that went away
     */
    DiscoveryMarks(Runnable started, Runnable ended) {
        this.started = started;
        this.ended = ended;
    }

    /**
     * @param serviceId  the mark's service id
     * @param registered whether the mark is still registered (asked before and after counting it,
     *                   so that a mark whose departure was reported first is not counted for good)
     */
    void arrived(long serviceId, BooleanSupplier registered) {
        if (!registered.getAsBoolean() || !counted.add(serviceId)) {
            return;
        }
        started.run();
        if (!registered.getAsBoolean()) {
            departed(serviceId); // gone meanwhile; its departure may have been reported already
        }
    }

    /** @param serviceId the mark's service id; a mark never counted, or already ended, is ignored */
    void departed(long serviceId) {
        if (counted.remove(serviceId)) {
            ended.run();
        }
    }
}
