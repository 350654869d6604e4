package aegis.hal.capability.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import aegis.hal.capability.api.Denial;

/**
 * The bounded in-memory log of denials. A denial identical to the newest entry (same subject,
 * path, request) is counted on that entry instead of added, so a loop that keeps asking cannot
 * push everything else out. Thread-safe.
 */
final class AuditLog {
    private final int capacity;
    private final ArrayDeque<Denial> entries;

    AuditLog(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.entries = new ArrayDeque<>(this.capacity);
    }

    /**
     * @return whether the denial is new (not folded into the newest entry)
     */
    synchronized boolean record(Instant time, String subject, String path, int requested, int missing) {
        Denial last = entries.peekLast();
        if (last != null && last.subject().equals(subject) && last.path().equals(path) && last.requested() == requested
                && last.missing() == missing) {
            entries.pollLast();
            entries.addLast(new Denial(time, subject, path, requested, missing, last.count() + 1));
            return false;
        }
        if (entries.size() == capacity) {
            entries.pollFirst();
        }
        entries.addLast(new Denial(time, subject, path, requested, missing, 1));
        return true;
    }

    synchronized List<Denial> list() {
        return List.copyOf(entries);
    }
}
