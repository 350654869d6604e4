package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import aegis.hal.api.device.Device;
import aegis.hal.api.driver.Driver;

import org.junit.jupiter.api.Test;

class CandidateOrderTest {
    private static final Driver NOOP = new Driver() {
        @Override
        public int match(Device device) {
            return 1;
        }

        @Override
        public void probe(Device device) {
        }

        @Override
        public void remove(Device device) {
        }
    };

    private static CandidateOrder.Scored c(int score, int ranking, long sid) {
        return new CandidateOrder.Scored(new DriverRecord(NOOP, sid, "d" + sid, "b", "1", 1, Set.of("SIM"), ranking),
                score);
    }

    @Test
    void scoreThenRankingThenLowestServiceId() {
        assertTrue(CandidateOrder.outranks(c(2, 0, 9), c(1, 100, 1)));
        assertTrue(CandidateOrder.outranks(c(1, 5, 9), c(1, 4, 1)));
        assertTrue(CandidateOrder.outranks(c(1, 5, 1), c(1, 5, 9)));
        assertEquals("score", CandidateOrder.decidingRule(c(2, 0, 9), c(1, 100, 1)));
        assertEquals("ranking", CandidateOrder.decidingRule(c(1, 5, 9), c(1, 4, 1)));
        assertEquals("service.id", CandidateOrder.decidingRule(c(1, 5, 1), c(1, 5, 9)));
        assertEquals("only candidate", CandidateOrder.decidingRule(c(1, 5, 1), null));
    }

    /** Every pair over a grid of scores, rankings (negative included) and ids: a strict total order. */
    @Test
    void exhaustiveGridIsAStrictTotalOrderConsistentWithTheRules() {
        List<CandidateOrder.Scored> all = new ArrayList<>();
        long sid = 1;
        for (int score : new int[] { 1, 2, 3 }) {
            for (int rank : new int[] { Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE }) {
                for (int k = 0; k < 3; k++) {
                    all.add(c(score, rank, sid++));
                }
            }
        }
        for (CandidateOrder.Scored a : all) {
            assertEquals(0, CandidateOrder.ORDER.compare(a, a));
            for (CandidateOrder.Scored b : all) {
                if (a == b) {
                    continue;
                }
                int ab = CandidateOrder.ORDER.compare(a, b);
                int ba = CandidateOrder.ORDER.compare(b, a);
                assertNotEquals(0, ab, "distinct candidates never tie");
                assertEquals(-Integer.signum(ab), Integer.signum(ba), "antisymmetric");
                boolean expected = a.score() != b.score() ? a.score() > b.score()
                        : a.driver().ranking() != b.driver().ranking() ? a.driver().ranking() > b.driver().ranking()
                                : a.driver().serviceId() < b.driver().serviceId();
                assertEquals(expected, ab < 0, a + " vs " + b);
            }
        }
        // any shuffle sorts to the same sequence (transitivity in practice)
        List<CandidateOrder.Scored> sorted = new ArrayList<>(all);
        sorted.sort(CandidateOrder.ORDER);
        Random r = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<CandidateOrder.Scored> s = new ArrayList<>(all);
            Collections.shuffle(s, r);
            s.sort(CandidateOrder.ORDER);
            assertEquals(sorted, s);
        }
    }
}
