package aegis.hal.capability.api;

import java.time.Instant;

/**
 * A recorded denial, kept in a bounded in-memory log and shown by {@code cap:audit}. Immutable and
 * thread-safe.
 *
 * @param time      when it happened (wall clock, for people)
 * @param subject   who asked: {@code container/app}, or {@code bundle <id> <bsn>} without a principal
 * @param path      the devfs path asked for
 * @param requested the permissions asked for
 * @param missing   the permissions that were missing
 * @param count     how many identical denials in a row this entry stands for
 */
public record Denial(Instant time, String subject, String path, int requested, int missing, long count) {
    /** @return a one-line description */
    @Override
    public String toString() {
        return time + " " + subject + " " + path + " requested " + Permission.names(requested) + " missing "
                + Permission.names(missing) + (count > 1 ? " (x" + count + ")" : "");
    }
}
