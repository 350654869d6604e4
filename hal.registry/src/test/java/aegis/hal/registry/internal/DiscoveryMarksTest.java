package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Each discovery mark counts once, whatever order its arrival and departure are reported in. */
class DiscoveryMarksTest {
    final AtomicInteger pending = new AtomicInteger();
    final DiscoveryMarks marks = new DiscoveryMarks(pending::incrementAndGet, pending::decrementAndGet);

    @Test
    void arrivalThenDeparture() {
        marks.arrived(1, () -> true);
        assertEquals(1, pending.get());
        marks.departed(1);
        marks.departed(1); // reported twice
        assertEquals(0, pending.get());
    }

    @Test
    void aDepartureWithoutArrivalIsIgnored() {
        marks.departed(2); // the mark went away while the registry component activated
        assertEquals(0, pending.get(), "a naive count would stay at -1 and never settle");
    }

    @Test
    void anArrivalReportedAfterTheMarkIsGoneIsNotCounted() {
        marks.departed(3);
        marks.arrived(3, () -> false);
        assertEquals(0, pending.get(), "a naive count would stay at +1");
    }

    @Test
    void aMarkThatGoesAwayWhileItIsCountedEndsAtOnce() {
        boolean[] registered = {true};
        marks.arrived(4, () -> {
            boolean r = registered[0];
            registered[0] = false; // unregistered between the two looks
            return r;
        });
        assertEquals(0, pending.get());
        marks.departed(4); // its departure, reported after
        assertEquals(0, pending.get());
    }
}
