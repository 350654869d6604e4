package aegis.hal.registry.internal;

import java.util.Comparator;

/**
 * The registry's total order of candidate drivers for one device: higher match score first, then
 * higher {@code service.ranking}, then lower {@code service.id}. Service ids are unique, so no two
 * distinct candidates compare equal.
 */
final class CandidateOrder {
    /** A scored candidate. */
    record Scored(DriverRecord driver, int score) {
    }

    static final Comparator<Scored> ORDER = Comparator.comparingInt((Scored s) -> s.score()).reversed()
            .thenComparing(Comparator.comparingInt((Scored s) -> s.driver().ranking()).reversed())
            .thenComparingLong(s -> s.driver().serviceId());

    private CandidateOrder() {
    }

    /**
     * @param winner    the first candidate
     * @param runnerUp  the second, or {@code null}
     * @return the rule that put {@code winner} before {@code runnerUp}
     */
    static String decidingRule(Scored winner, Scored runnerUp) {
        if (runnerUp == null) {
            return "only candidate";
        }
        if (winner.score() != runnerUp.score()) {
            return "score";
        }
        if (winner.driver().ranking() != runnerUp.driver().ranking()) {
            return "ranking";
        }
        return "service.id";
    }

    /**
     * @param a a candidate
     * @param b another
     * @return whether {@code a} comes strictly before {@code b}
     */
    static boolean outranks(Scored a, Scored b) {
        return ORDER.compare(a, b) < 0;
    }
}
